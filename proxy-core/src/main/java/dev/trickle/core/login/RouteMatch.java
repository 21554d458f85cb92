package dev.trickle.core.login;

/** Whether a request belongs to a login route, judged from its method and request target. */
public sealed interface RouteMatch {

    /** Plain pass-through. */
    record None() implements RouteMatch {}

    record Login(LoginRoute route) implements RouteMatch {}

    /**
     * Some reading of the request target reaches {@code route}, but stacks read it differently (an
     * encoded slash, a repeated query condition): answered 400, never forwarded. The reason names
     * the ambiguity, never the target.
     */
    record Ambiguous(LoginRoute route, String reason) implements RouteMatch {}

    RouteMatch NONE = new None();
}
