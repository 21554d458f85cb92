package dev.trickle.core.legacy;

/**
 * The legacy database could not answer. A login in flight then passes through to the legacy app
 * untouched; it is never failed because of this.
 */
public final class LegacyDirectoryUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LegacyDirectoryUnavailable(String message) {
        super(message);
    }

    public LegacyDirectoryUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
