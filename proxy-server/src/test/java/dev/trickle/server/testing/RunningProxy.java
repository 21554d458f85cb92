package dev.trickle.server.testing;

import dev.trickle.core.login.LoginRoutes;
import dev.trickle.server.ProxyApplication;
import dev.trickle.server.config.ConfigLoader;
import java.net.URI;

/** A {@link ProxyApplication} on ephemeral ports, configured from YAML as an operator would. */
public final class RunningProxy implements AutoCloseable {
    private final ProxyApplication app;

    private RunningProxy(ProxyApplication app) {
        this.app = app;
    }

    /**
     * @param extraYaml top-level YAML appended to the minimal config; {@code upstream:} keys may be
     *     added with {@code upstreamYaml}
     */
    public static RunningProxy start(URI upstream, String upstreamYaml, String extraYaml)
            throws InterruptedException {
        return start(upstream, upstreamYaml, "", extraYaml);
    }

    /**
     * @param adminYaml extra keys of the {@code admin:} section, indented by two spaces
     */
    public static RunningProxy startWithAdmin(URI upstream, String adminYaml)
            throws InterruptedException {
        return start(upstream, "", adminYaml, "");
    }

    /** A proxy that intercepts {@code routes}. */
    public static RunningProxy startWithLogins(URI upstream, LoginRoutes routes)
            throws InterruptedException {
        return start(upstream, "", "", "", routes);
    }

    private static RunningProxy start(
            URI upstream, String upstreamYaml, String adminYaml, String extraYaml)
            throws InterruptedException {
        return start(upstream, upstreamYaml, adminYaml, extraYaml, LoginRoutes.none());
    }

    private static RunningProxy start(
            URI upstream,
            String upstreamYaml,
            String adminYaml,
            String extraYaml,
            LoginRoutes routes)
            throws InterruptedException {
        String yaml =
                "listen: 127.0.0.1:0\n"
                        + "upstream:\n"
                        + "  url: "
                        + upstream
                        + "\n"
                        + upstreamYaml.indent(2)
                        + "admin:\n"
                        + "  listen: 127.0.0.1:0\n"
                        + adminYaml
                        + extraYaml;
        return new RunningProxy(
                ProxyApplication.start(
                        ConfigLoader.withEnvironment(name -> null).parse(yaml), routes));
    }

    public static RunningProxy start(URI upstream) throws InterruptedException {
        return start(upstream, "", "");
    }

    public int port() {
        return app.proxyAddress().getPort();
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public URI adminUrl(String path) {
        return URI.create("http://127.0.0.1:" + app.adminAddress().getPort() + path);
    }

    public ProxyApplication app() {
        return app;
    }

    @Override
    public void close() {
        app.close();
    }
}
