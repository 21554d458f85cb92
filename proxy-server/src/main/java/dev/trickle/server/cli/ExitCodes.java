package dev.trickle.server.cli;

/** Process exit codes, the same for every command. */
final class ExitCodes {
    static final int OK = 0;

    /** A run that finished but with failures the operator must look at. */
    static final int FAILED = 1;

    /** An import that ran to its end but left rows invalid, failed, deferred or in conflict. */
    static final int INCOMPLETE = 3;

    /** Bad command line: unknown command or option, missing argument. */
    static final int USAGE = 2;

    /** The configuration file is missing or invalid (sysexits EX_CONFIG). */
    static final int CONFIG = 78;

    private ExitCodes() {}
}
