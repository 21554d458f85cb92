package dev.trickle.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trickle.core.config.ConfigProblem;
import dev.trickle.core.config.InvalidConfigException;
import dev.trickle.core.credentials.DuplicatePolicy;
import dev.trickle.core.legacy.IdentityConfirmation;
import dev.trickle.core.login.QueryCondition;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code routes:} as an operator writes it, and every way it is refused. */
final class RouteConfigTest {
    private static final String BASE =
            "listen: 127.0.0.1:8080\nupstream:\n  url: http://127.0.0.1:8001\n"
                    + "clerk:\n  secretKey: sk_test_x\n"
                    + "legacyDatabase:\n  url: jdbc:sqlite:legacy.db\n"
                    + "  query: SELECT id FROM users WHERE email = :identifier\n"
                    + "routes:\n";

    private final ConfigLoader loader = ConfigLoader.withEnvironment(name -> null);

    @Test
    void aRouteWithoutSuccessRulesIsRefusedNamingItWhateverItsStrategy() {
        for (String verify : List.of("database", "upstream")) {
            assertThat(problems("  - name: login\n    path: /login\n    verify: " + verify + "\n"))
                    .as(verify)
                    .extracting(ConfigProblem::path)
                    .containsExactly("routes[0].success");
        }
    }

    @Test
    void successRulesThatOnlySayWhatASuccessIsNotAreRefused() {
        List<ConfigProblem> problems =
                problems(
                        "  - name: login\n    path: /login\n    verify: upstream\n"
                                + "    success: {locationNotMatches: /login}\n");
        assertThat(problems).extracting(ConfigProblem::path).containsExactly("routes[0].success");
        assertThat(problems.get(0).message()).contains("no positive signal");
        assertThat(
                        problems(
                                "  - name: login\n    path: /login\n"
                                        + "    success: {status: [302, 99]}\n"))
                .extracting(ConfigProblem::path)
                .containsExactly("routes[0].success.status");
    }

    @Test
    void pathsQueryConditionsAndDuplicatePoliciesAreRead() {
        RouteConfig route =
                loader.parse(
                                BASE
                                        + "  - name: wp\n    method: post\n    path: /WP-Login.php/\n"
                                        + "    subpaths: true\n"
                                        + "    query: {action: {values: [login], absent: true}}\n"
                                        + "    credentials: {form: {identifier: log, password: pwd},"
                                        + " duplicates: last}\n"
                                        + "    verify: upstream\n"
                                        + "    success: {status: [302], setsCookie: wordpress_logged_in_*}\n"
                                        + "    identity:\n      database:\n        confirm: cookie\n"
                                        + "        cookie: {name: wordpress_logged_in_*, value: '^([^|]+)\\|'}\n")
                        .migration()
                        .orElseThrow()
                        .routes()
                        .get(0);
        assertThat(route.method()).isEqualTo("POST");
        assertThat(route.matchPath()).isEqualTo("/wp-login.php");
        assertThat(route.subpaths()).isTrue();
        assertThat(route.query())
                .containsExactly(new QueryCondition("action", Set.of("login"), true));
        assertThat(route.duplicates()).isEqualTo(DuplicatePolicy.LAST);
        RouteConfig.Confirmation.Cookie cookie =
                (RouteConfig.Confirmation.Cookie)
                        ((RouteConfig.Identity.Database) route.identity()).confirm();
        assertThat(cookie.name()).isEqualTo("wordpress_logged_in_*");
        assertThat(cookie.field()).isEqualTo(IdentityConfirmation.Field.USERNAME);
    }

    @Test
    void theDatabaseIdentityIsConfirmedByTheTypedPasswordUnlessSaidOtherwise() {
        RouteConfig route =
                loader.parse(
                                BASE
                                        + "  - name: api\n    path: /api/login\n    verify: upstream\n"
                                        + "    success: {status: [200]}\n")
                        .migration()
                        .orElseThrow()
                        .routes()
                        .get(0);
        assertThat(route.identity())
                .isEqualTo(
                        new RouteConfig.Identity.Database(new RouteConfig.Confirmation.Password()));
        assertThat(route.duplicates()).isEqualTo(DuplicatePolicy.REFUSE);
    }

    @Test
    void badPathsConditionsPoliciesAndConfirmationsAreEachReported() {
        List<ConfigProblem> problems =
                problems(
                        "  - name: a\n    path: /a%2Fb\n    success: {status: [302]}\n"
                                + "  - name: b\n    path: /b?x=1\n    success: {status: [302]}\n"
                                + "  - name: c\n    path: /c\n    success: {status: [302]}\n"
                                + "    query: {action: {absent: false}}\n"
                                + "    credentials: {duplicates: whichever}\n"
                                + "  - name: d\n    path: /d\n    verify: upstream\n"
                                + "    success: {status: [302]}\n"
                                + "    identity: {database: {confirm: trust}}\n"
                                + "  - name: e\n    path: /e\n    verify: upstream\n"
                                + "    success: {status: [302]}\n"
                                + "    identity: {database: {confirm: currentUser}}\n"
                                + "  - name: f\n    method: 'PO ST'\n    path: /f\n"
                                + "    success: {status: [302]}\n"
                                + "    identity: {json: {id: /id}}\n");
        assertThat(problems)
                .extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder(
                        "routes[0].path",
                        "routes[1].path",
                        "routes[2].query.action",
                        "routes[2].credentials.duplicates",
                        "routes[3].identity.database.confirm",
                        "routes[4].identity.database.currentUser.url",
                        "routes[5].method",
                        "routes[5].identity");
    }

    @Test
    void twoRoutesOnOneMethodAndPathNeedQueryConditionsToTellThemApart() {
        assertThat(
                        problems(
                                "  - name: a\n    path: /login\n    success: {status: [302]}\n"
                                        + "  - name: b\n    path: /LOGIN/\n    success: {status: [302]}\n"))
                .extracting(ConfigProblem::path)
                .containsExactly("routes[1].path");
        loader.parse(
                BASE
                        + "  - name: a\n    path: /x\n    success: {status: [302]}\n"
                        + "    query: {action: {absent: true}}\n"
                        + "  - name: b\n    path: /x\n    verify: upstream\n    success: {status: [302]}\n"
                        + "    query: {action: {values: [reset]}}\n");
    }

    private List<ConfigProblem> problems(String routes) {
        InvalidConfigException thrown =
                (InvalidConfigException) catchThrowable(() -> loader.parse(BASE + routes));
        return thrown.problems();
    }

    private static Throwable catchThrowable(Runnable action) {
        try {
            action.run();
        } catch (InvalidConfigException e) {
            return e;
        }
        throw new AssertionError("the configuration was accepted");
    }

    @Test
    void twoRoutesWithOneNameAreRefusedSinceMetricsAndLogsCouldNotTellThemApart() {
        assertThat(
                        problems(
                                "  - name: login\n    path: /login\n    success: {status: [302]}\n"
                                        + "  - name: login\n    path: /api/login\n"
                                        + "    success: {status: [200], jsonPointer: /id}\n"))
                .extracting(ConfigProblem::path)
                .containsExactly("routes[1].name");
    }

    @Test
    void successRulesThatCanNeverBeMetOrThatEveryRefusalMeetsAreRefused() {
        List<ConfigProblem> problems =
                problems(
                        "  - name: a\n    path: /a\n"
                                + "    success: {status: [200], locationMatches: '^/home'}\n"
                                + "  - name: b\n    path: /b\n    verify: upstream\n"
                                + "    success: {status: [401, 403]}\n"
                                + "    identity: {json: {id: /id}}\n");
        assertThat(problems)
                .extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder(
                        "routes[0].success.locationMatches", "routes[1].success.status");
        assertThat(problems.get(0).toString() + problems.get(1).toString())
                .contains("redirect")
                .contains("every refused login");

        loader.parse(
                BASE
                        + "  - name: a\n    path: /a\n"
                        + "    success: {status: [302, 303], locationMatches: '^/home'}\n"
                        + "  - name: b\n    path: /b\n    verify: upstream\n"
                        + "    success: {status: [401], setsCookie: remember_token}\n"
                        + "    identity: {json: {id: /id}}\n");
    }

    @Test
    void aRoutePathAboveTheRootIsNoRoute() {
        assertThat(problems("  - name: a\n    path: /a/../../b\n    success: {status: [302]}\n"))
                .extracting(ConfigProblem::path)
                .containsExactly("routes[0].path");
    }
}
