package dev.trickle.core.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

final class LoginRouteTableTest {
    private static final LoginRoute LOGIN = named("wordpress-login");
    private static final LoginRoute PROFILE = named("wordpress-profile");

    /** WordPress: every action posts to wp-login.php; only action=login (or none) is a login. */
    private static final LoginRouteTable WORDPRESS =
            new LoginRouteTable(
                    List.of(
                            new LoginRouteTable.Entry(
                                    "POST",
                                    "/wp-login.php",
                                    true,
                                    List.of(new QueryCondition("action", Set.of("login"), true)),
                                    LOGIN),
                            new LoginRouteTable.Entry(
                                    "POST", "/wp-admin/profile.php", false, List.of(), PROFILE)));

    @Test
    void theLoginActionAndAPlainPostAreTheLoginInAnyMethodCase() {
        for (String target :
                List.of(
                        "/wp-login.php",
                        "/wp-login.php?action=login",
                        "/wp-login.php?redirect_to=%2Fwp-admin%2F",
                        "/wp-login.php/x?action=login",
                        "/wp-login.php?act%69on=login")) {
            assertThat(WORDPRESS.match("POST", target))
                    .as(target)
                    .isEqualTo(new RouteMatch.Login(LOGIN));
        }
        assertThat(WORDPRESS.match("post", "/wp-login.php")).isEqualTo(new RouteMatch.Login(LOGIN));
        assertThat(WORDPRESS.match("Post", "/wp-admin/profile.php/"))
                .isEqualTo(new RouteMatch.Login(PROFILE));
    }

    @Test
    void otherActionsOnTheSamePathPassThrough() {
        for (String target :
                List.of(
                        "/wp-login.php?action=postpass",
                        "/wp-login.php?action=lostpassword",
                        "/wp-login.php?action=",
                        "/wp-login.php?action[]=login",
                        "/wp-login.php?action=LOGIN")) {
            assertThat(WORDPRESS.match("POST", target)).as(target).isEqualTo(RouteMatch.NONE);
        }
        assertThat(WORDPRESS.match("GET", "/wp-login.php")).isEqualTo(RouteMatch.NONE);
        assertThat(WORDPRESS.match("POST", "/wp-login.php.bak")).isEqualTo(RouteMatch.NONE);
    }

    @Test
    void aRepeatedConditionParameterOrAnAmbiguousPathIsRefused() {
        for (String target :
                List.of(
                        "/wp-login.php?action=login&action=postpass",
                        "/wp-login.php?action=postpass&%20action=login",
                        "/wp-login.php?action=login&action[]=x")) {
            assertThat(WORDPRESS.match("POST", target))
                    .as(target)
                    .isEqualTo(
                            new RouteMatch.Ambiguous(
                                    LOGIN, "the query repeats a parameter the route depends on"));
        }
        assertThat(WORDPRESS.match("POST", "/wp-login.php%2F"))
                .isEqualTo(
                        new RouteMatch.Ambiguous(
                                LOGIN, "the path holds an encoded slash or a backslash"));
        assertThat(WORDPRESS.match("POST", "/x%2F..%2Fwp-admin%2Fprofile.php"))
                .isInstanceOf(RouteMatch.Ambiguous.class);
        assertThat(WORDPRESS.match("POST", "/static%2Fapp.js")).isEqualTo(RouteMatch.NONE);
    }

    private static LoginRoute named(String name) {
        return new LoginRoute() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long maxBodyBytes() {
                return 1024;
            }

            @Override
            public Duration maxHold() {
                return Duration.ofSeconds(1);
            }

            @Override
            public CompletionStage<Forwarding> beforeForward(LoginAttempt attempt) {
                throw new AssertionError("not called by matching");
            }

            @Override
            public void refusedAsAmbiguous(String reason) {
                throw new AssertionError("not called by matching");
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
