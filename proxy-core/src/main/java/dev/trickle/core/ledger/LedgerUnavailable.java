package dev.trickle.core.ledger;

/** The ledger database could not be reached or answered with an error; callers degrade on it. */
public final class LedgerUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LedgerUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
