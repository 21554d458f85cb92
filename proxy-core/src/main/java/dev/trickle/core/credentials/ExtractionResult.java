package dev.trickle.core.credentials;

/** The outcome of reading credentials out of a request: a value, never an exception. */
public sealed interface ExtractionResult {

    record Found(Credentials credentials) implements ExtractionResult {}

    /**
     * The request carried no credentials in the expected place (a different form on the same path,
     * say): it simply passes through.
     */
    record Absent(String reason) implements ExtractionResult {}

    /**
     * The app could read other credentials than Trickle (a field given twice, two Content-Type
     * headers): refused with 400, never forwarded. The reason names the field, never a value.
     */
    record Ambiguous(String reason) implements ExtractionResult {}

    /** The body could not be parsed as its declared format; the reason names no secret. */
    record Malformed(String reason) implements ExtractionResult {}
}
