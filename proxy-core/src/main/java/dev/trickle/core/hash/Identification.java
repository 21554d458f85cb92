package dev.trickle.core.hash;

/** Result of recognising a digest's format from its text. */
public sealed interface Identification {

    /**
     * The format, and whether the text alone cannot tell it from other formats (a bare hex string
     * or a {@code salt$hash} pair), in which case the caller should confirm it with an override.
     */
    record Identified(HashFormat format, boolean ambiguous) implements Identification {}

    record Unrecognised(String reason) implements Identification {}
}
