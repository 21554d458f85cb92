package dev.trickle.core.clerk;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;

/**
 * Outcome of one Clerk call: a value or a {@link ClerkError}. Futures returned by {@link
 * ClerkClient} complete with a result and never exceptionally, except for bugs.
 */
public sealed interface ClerkResult<T> {

    record Ok<T>(T value) implements ClerkResult<T> {
        public Ok {
            requireNonNull(value, "value");
        }
    }

    record Failed<T>(ClerkError error) implements ClerkResult<T> {
        public Failed {
            requireNonNull(error, "error");
        }
    }

    static <T> ClerkResult<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> ClerkResult<T> failed(ClerkError error) {
        return new Failed<>(error);
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value; throws {@link IllegalStateException} (a bug) on a failure. */
    default T value() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalStateException("Clerk call failed: " + ((Failed<T>) this).error());
    }

    /** The error; throws {@link IllegalStateException} (a bug) on success. */
    default ClerkError error() {
        if (this instanceof Failed<T> failed) {
            return failed.error();
        }
        throw new IllegalStateException("Clerk call succeeded");
    }

    default <R> ClerkResult<R> map(Function<? super T, ? extends R> mapper) {
        if (this instanceof Ok<T> ok) {
            return new Ok<>(mapper.apply(ok.value()));
        }
        return new Failed<>(error());
    }
}
