package dev.trickle.server.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One request written and one response read as raw bytes over a fresh socket, so a response via
 * Trickle can be compared with the same request sent direct, header order and case included.
 */
public final class RawExchange {
    /** CR LF CR LF as the last four bytes read. */
    private static final int END_OF_HEAD = 0x0d0a0d0a;

    private RawExchange() {}

    /** The raw response: status line, header lines exactly as sent, blank line, body. */
    public record Response(byte[] bytes) {
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        public int status() {
            String head =
                    new String(bytes, 0, Math.min(bytes.length, 12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(head.substring(9, 12));
        }

        /** The first value of a header, matched case-insensitively; empty string if absent. */
        public String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return head().lines()
                    .filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(l -> l.substring(prefix.length()).trim())
                    .findFirst()
                    .orElse("");
        }

        public String head() {
            String all = new String(bytes, StandardCharsets.ISO_8859_1);
            return all.substring(0, all.indexOf("\r\n\r\n"));
        }

        public String body() {
            String all = text();
            return all.substring(all.indexOf("\r\n\r\n") + 4);
        }

        /**
         * Everything but {@code Date}, which says when rather than what, in wire order and case.
         */
        public String withoutDate() {
            String all = new String(bytes, StandardCharsets.ISO_8859_1);
            int end = all.indexOf("\r\n\r\n");
            String head =
                    all.substring(0, end)
                            .lines()
                            .filter(l -> !l.toLowerCase(Locale.ROOT).startsWith("date:"))
                            .collect(Collectors.joining("\r\n"));
            return head + all.substring(end);
        }
    }

    public static Response send(int port, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            return new Response(read(socket.getInputStream()));
        }
    }

    public static Response post(
            int port, String path, String contentType, String cookie, byte[] body)
            throws IOException {
        String head =
                "POST "
                        + path
                        + " HTTP/1.1\r\nHost: legacy.example\r\nUser-Agent: e2e\r\n"
                        + "Accept: */*\r\nContent-Type: "
                        + contentType
                        + "\r\n"
                        + (cookie.isEmpty() ? "" : "Cookie: " + cookie + "\r\n")
                        + "Content-Length: "
                        + body.length
                        + "\r\n\r\n";
        return send(port, head, body);
    }

    public static Response get(int port, String path) throws IOException {
        return send(
                port,
                "GET " + path + " HTTP/1.1\r\nHost: legacy.example\r\nUser-Agent: e2e\r\n\r\n",
                new byte[0]);
    }

    private static byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int last4 = 0;
        int b;
        while ((b = in.read()) != -1) {
            out.write(b);
            last4 = (last4 << 8) | b;
            if (last4 == END_OF_HEAD) {
                break;
            }
        }
        if (b == -1) {
            throw new IOException("connection closed before the response head ended");
        }
        String head = out.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        String status = head.substring(9, 12);
        long length = contentLength(head);
        if (status.startsWith("1") || status.equals("204") || status.equals("304")) {
            return out.toByteArray();
        }
        if (length >= 0) {
            out.write(in.readNBytes((int) length));
        } else if (head.contains("\ntransfer-encoding: chunked")) {
            readChunked(in, out);
        } else {
            out.write(in.readAllBytes());
        }
        return out.toByteArray();
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.startsWith("content-length:")) {
                return Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        return -1;
    }

    /** Copies chunks as they are on the wire, up to and including the last one's blank line. */
    private static void readChunked(InputStream in, ByteArrayOutputStream out) throws IOException {
        while (true) {
            String size = line(in, out);
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                while (!line(in, out).isEmpty()) {
                    // trailers, kept as they came
                }
                return;
            }
            out.write(in.readNBytes(n));
            line(in, out);
        }
    }

    private static String line(InputStream in, ByteArrayOutputStream out) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        out.write(line.toByteArray());
        out.write('\n');
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
