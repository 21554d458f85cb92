package dev.trickle.core.hash;

/**
 * Hears the cost parameters of each hash computation immediately before it runs, with the very
 * values the computation is handed. The facade's is a no-op; the fuzz tests record them to show
 * that no digest, however hostile, gets work done above {@link HashSettings}: the limit checks sit
 * elsewhere, so this is an independent witness of what actually ran.
 */
@FunctionalInterface
interface WorkObserver {
    WorkObserver NONE = (parameter, value) -> {};

    /**
     * @param parameter what is measured, e.g. {@code "scrypt N"} or {@code "password bytes"}
     */
    void computing(String parameter, long value);
}
