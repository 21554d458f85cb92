package dev.trickle.core.login;

import java.util.Optional;

/** Finds the login route a request belongs to; everything else is plain pass-through. */
@FunctionalInterface
public interface LoginRoutes {
    Optional<LoginRoute> match(String method, String path);

    static LoginRoutes none() {
        return (method, path) -> Optional.empty();
    }
}
