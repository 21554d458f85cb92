package dev.trickle.server.proxy;

import dev.trickle.server.proxy.upstream.UpstreamHandler;
import dev.trickle.server.proxy.upstream.UpstreamListener;
import dev.trickle.server.proxy.upstream.UpstreamSource;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

/**
 * Gets an exchange its upstream connection, and another one when a pooled connection turns out to
 * have been closed by the upstream just as it was reused: a request with no body that got no answer
 * at all is sent again, as an idle-close race is not a failure. Also lets go of connections, so
 * that a connection given up on never reports its close to a later exchange.
 */
final class UpstreamConnector {
    private static final int STALE_CONNECTION_RETRIES = 2;

    /** The exchange side of the hand-over; called on the client's event loop. */
    interface Client extends UpstreamListener {
        /** False once {@code exchange} is over or the client gone: a late connection goes back. */
        boolean wants(Exchange exchange);

        /** {@code exchange.upstream} is set and its events come to this client. */
        void connected(Exchange exchange);

        void connectFailed(Exchange exchange, Throwable cause);
    }

    private final UpstreamSource source;
    private final EventLoop loop;
    private final Client client;

    UpstreamConnector(UpstreamSource source, EventLoop loop, Client client) {
        this.source = source;
        this.loop = loop;
        this.client = client;
    }

    void connect(Exchange exchange) {
        source.acquire(loop)
                .addListener(
                        f -> {
                            if (!f.isSuccess()) {
                                client.connectFailed(exchange, f.cause());
                                return;
                            }
                            Channel channel = (Channel) f.getNow();
                            if (!client.wants(exchange)) {
                                source.release(channel);
                                return;
                            }
                            UpstreamHandler handler = handler(channel);
                            handler.attach(client);
                            exchange.upstream = channel;
                            exchange.reusedConnection = handler.isReused();
                            client.connected(exchange);
                        });
    }

    /** Whether the upstream connection's loss was a stale pooled one's, now being replaced. */
    boolean retryIfStale(Exchange exchange) {
        if (!exchange.reusedConnection
                || !exchange.bodiless
                || exchange.phase() != Exchange.Phase.AWAITING_RESPONSE
                || exchange.retries >= STALE_CONNECTION_RETRIES) {
            return false;
        }
        detach(exchange.upstream);
        exchange.retryOnAnotherConnection();
        connect(exchange);
        return true;
    }

    /** The exchange ended cleanly and the upstream will take another request on it. */
    void release(Channel channel) {
        source.release(channel);
    }

    void discard(Channel channel) {
        detach(channel);
        channel.close();
    }

    private static void detach(Channel channel) {
        // Gone when the channel closed and was deregistered already; then it has no events left.
        UpstreamHandler handler = handler(channel);
        if (handler != null) {
            handler.detach();
        }
    }

    private static UpstreamHandler handler(Channel channel) {
        return channel.pipeline().get(UpstreamHandler.class);
    }
}
