package dev.trickle.core.ledger;

/** The ledger's database could not be reached or refused a statement. */
public final class LedgerUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LedgerUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
