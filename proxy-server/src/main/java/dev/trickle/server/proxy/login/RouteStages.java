package dev.trickle.server.proxy.login;

import dev.trickle.core.login.LoginRoute;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Waits for a login route's stage on the connection's event loop, never past its hold limit. */
final class RouteStages {
    private RouteStages() {}

    /**
     * Runs {@code next} on the event loop with the stage's value when it completes, or with {@code
     * fallback} when it fails or its hold limit runs out first; only once either way.
     */
    static <T> void whenDone(
            ChannelHandlerContext ctx,
            CompletionStage<T> stage,
            LoginRoute route,
            T fallback,
            Consumer<T> next) {
        boolean[] done = {false};
        Consumer<T> once =
                value -> {
                    if (!done[0]) {
                        done[0] = true;
                        next.accept(value);
                    }
                };
        ScheduledFuture<?> limit =
                ctx.executor()
                        .schedule(
                                () -> once.accept(fallback),
                                route.maxHold().toNanos(),
                                TimeUnit.NANOSECONDS);
        stage.whenComplete(
                (value, error) ->
                        ctx.executor()
                                .execute(
                                        () -> {
                                            limit.cancel(false);
                                            once.accept(error == null ? value : fallback);
                                        }));
    }
}
