package dev.trickle.server.proxy.upstream;

/** The client exchange that currently holds an upstream connection; called on its event loop. */
public interface UpstreamListener {
    /** A decoded {@code HttpObject}, or a raw {@code ByteBuf} once the protocol was switched. */
    void upstreamRead(Object message);

    void upstreamReadComplete();

    void upstreamWritable();

    void upstreamClosed();

    void upstreamFailed(Throwable cause);
}
