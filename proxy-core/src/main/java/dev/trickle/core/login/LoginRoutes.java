package dev.trickle.core.login;

/** Finds the login route a request belongs to; everything else is plain pass-through. */
@FunctionalInterface
public interface LoginRoutes {
    /**
     * @param method the request method as received (any case)
     * @param requestTarget the request target as received: origin form ({@code /path?query}) or
     *     absolute form ({@code http://host/path?query})
     */
    RouteMatch match(String method, String requestTarget);

    static LoginRoutes none() {
        return (method, requestTarget) -> RouteMatch.NONE;
    }
}
