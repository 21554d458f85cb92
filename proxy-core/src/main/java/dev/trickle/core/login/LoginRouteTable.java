package dev.trickle.core.login;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The configured login routes, matched the way the stacks behind Trickle route: methods in any
 * case, paths as {@link RequestTarget} reads them, then each route's {@link QueryCondition}s. The
 * first route in configuration order that a request meets is its route.
 */
public final class LoginRouteTable implements LoginRoutes {

    /**
     * @param method upper case
     * @param path as {@link RequestTarget#normalise} gives it
     * @param subpaths whether paths below {@code path} are the route too (PHP's PATH_INFO)
     */
    public record Entry(
            String method,
            String path,
            boolean subpaths,
            List<QueryCondition> query,
            LoginRoute route) {
        public Entry {
            requireNonNull(route, "route");
            method = method.toUpperCase(Locale.ROOT);
            query = List.copyOf(query);
        }
    }

    private final List<Entry> entries;
    private final Set<String> methods;

    public LoginRouteTable(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        this.methods = this.entries.stream().map(Entry::method).collect(Collectors.toSet());
    }

    @Override
    public RouteMatch match(String method, String requestTarget) {
        String upper = method.toUpperCase(Locale.ROOT);
        // Most traffic is GETs of pages and assets: no path parsing for a method no route has.
        if (!methods.contains(upper)) {
            return RouteMatch.NONE;
        }
        Optional<RequestTarget> target = RequestTarget.parse(requestTarget);
        if (target.isEmpty()) {
            return RouteMatch.NONE;
        }
        for (Entry entry : entries) {
            if (!entry.method().equals(upper)
                    || !target.get().reaches(entry.path(), entry.subpaths())) {
                continue;
            }
            if (target.get().ambiguity().isPresent()) {
                return new RouteMatch.Ambiguous(entry.route(), target.get().ambiguity().get());
            }
            QueryCondition.Verdict verdict =
                    QueryCondition.evaluate(entry.query(), target.get().query());
            if (verdict == QueryCondition.Verdict.MEETS) {
                return new RouteMatch.Login(entry.route());
            }
            if (verdict == QueryCondition.Verdict.AMBIGUOUS) {
                return new RouteMatch.Ambiguous(
                        entry.route(), "the query repeats a parameter the route depends on");
            }
        }
        return RouteMatch.NONE;
    }
}
