package dev.trickle.server.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.net.InetSocketAddress;

/** Binds a listener, turning a failure into one message that names the address and its role. */
public final class Listeners {
    private Listeners() {}

    /**
     * @throws IllegalStateException when the address cannot be bound (in use, not local, denied)
     */
    public static Channel bind(ServerBootstrap bootstrap, InetSocketAddress address, String role)
            throws InterruptedException {
        ChannelFuture bound = bootstrap.bind(address).await();
        if (!bound.isSuccess()) {
            Throwable cause = bound.cause();
            String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            throw new IllegalStateException(
                    "cannot listen on "
                            + address.getHostString()
                            + ":"
                            + address.getPort()
                            + " for the "
                            + role
                            + ": "
                            + reason.replace("bind(..) failed: ", ""),
                    cause);
        }
        return bound.channel();
    }
}
