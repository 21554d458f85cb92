package dev.trickle.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream on a plain socket that records exactly what arrives and answers with exactly the
 * bytes a test scripts, for what a real HTTP server would never send: two responses to one request,
 * half a response, broken framing. Each request is read by its own framing (Content-Length or
 * chunked) and recorded with its raw bytes; one that ends with the connection is recorded as
 * incomplete.
 */
public final class RawUpstream implements AutoCloseable {
    /** What to write back after request {@code index} (from 0) of connection {@code connection}. */
    @FunctionalInterface
    public interface Script {
        byte[] answer(int connection, int index, Request request);
    }

    /** A request as it arrived: the head's text, the raw body bytes, whether it ended. */
    public record Request(int connection, String head, byte[] body, boolean complete) {
        public String requestLine() {
            return head.substring(0, head.indexOf("\r\n"));
        }

        /** The first value of header {@code name}, matched case-insensitively; null if absent. */
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private final ServerSocket server;
    private final Script script;
    private final AtomicInteger connections = new AtomicInteger();
    private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private RawUpstream(Script script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "raw-upstream-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static RawUpstream start(Script script) throws IOException {
        return new RawUpstream(script);
    }

    /** Answers every request with {@code response}. */
    public static RawUpstream answering(String response) throws IOException {
        byte[] bytes = response.getBytes(StandardCharsets.ISO_8859_1);
        return new RawUpstream((connection, index, request) -> bytes);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** The next request recorded, complete or not, waiting up to 5 s. */
    public Request takeRequest() throws InterruptedException {
        Request r = requests.poll(5, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no request reached the upstream");
        }
        return r;
    }

    /** Requests recorded and not taken yet. */
    public int pendingRequests() {
        return requests.size();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                int id = connections.getAndIncrement();
                Thread t = new Thread(() -> serve(socket, id), "raw-upstream-" + id);
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket, int connection) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (int index = 0; ; index++) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                boolean complete = readBody(in, head, body);
                Request request = new Request(connection, head, body.toByteArray(), complete);
                requests.add(request);
                if (!complete) {
                    return;
                }
                out.write(script.answer(connection, index, request));
                out.flush();
            }
        } catch (IOException e) {
            // The proxy closed the connection: nothing more to record.
        }
    }

    /** The head up to and including its blank line; null at end of stream before any byte. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static boolean readBody(InputStream in, String head, ByteArrayOutputStream body)
            throws IOException {
        String lower = head.toLowerCase(Locale.ROOT);
        if (lower.contains("\r\ntransfer-encoding: chunked")) {
            while (true) {
                String sizeLine = readLine(in, body);
                if (sizeLine == null) {
                    return false;
                }
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    String trailer;
                    do {
                        trailer = readLine(in, body);
                        if (trailer == null) {
                            return false;
                        }
                    } while (!trailer.isEmpty());
                    return true;
                }
                if (!copy(in, body, size + 2)) {
                    return false;
                }
            }
        }
        int at = lower.indexOf("\r\ncontent-length:");
        if (at < 0) {
            return true;
        }
        int end = lower.indexOf("\r\n", at + 2);
        long length = Long.parseLong(lower.substring(at + 17, end).trim());
        return copy(in, body, length);
    }

    private static String readLine(InputStream in, ByteArrayOutputStream raw) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            raw.write(b);
            if (b == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return null;
    }

    private static boolean copy(InputStream in, ByteArrayOutputStream body, long n)
            throws IOException {
        for (long i = 0; i < n; i++) {
            int b = in.read();
            if (b == -1) {
                return false;
            }
            body.write(b);
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
