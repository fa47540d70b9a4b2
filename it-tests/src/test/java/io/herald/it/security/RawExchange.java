package io.herald.it.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One HTTP/1.1 request sent byte for byte over a socket (so the request target reaches the server
 * exactly as written: no client normalizes its dots, slashes or escapes), and what came back until
 * the server closed, {@code until} appeared, or {@code wait} passed (an event stream stays open).
 *
 * @param status the status code (0 if no status line came)
 * @param text   everything received, head and body, as ISO-8859-1
 */
record RawExchange(int status, String text) {

    static RawExchange send(int port, String method, String target, Duration wait, String until, String... headers) {
        StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Connection: close\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            long deadline = System.nanoTime() + wait.toNanos();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[8192];
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException stillOpen) {
                    break;
                } catch (IOException reset) {
                    break;
                }
                if (n < 0) {
                    break;
                }
                seen.write(buf, 0, n);
                if (until != null && seen.toString(StandardCharsets.ISO_8859_1).contains(until)) {
                    break;
                }
            }
            String text = seen.toString(StandardCharsets.ISO_8859_1);
            return new RawExchange(statusOf(text), text);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        }
    }

    private static int statusOf(String text) {
        // "HTTP/1.1 200 OK"
        if (text.startsWith("HTTP/") && text.length() >= 12) {
            try {
                return Integer.parseInt(text.substring(9, 12));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** The head: status line and headers. */
    String head() {
        int end = text.indexOf("\r\n\r\n");
        return end < 0 ? text : text.substring(0, end);
    }

    boolean contains(String marker) {
        return text.contains(marker);
    }

    /** The status line, for messages. */
    String statusLine() {
        int end = text.indexOf("\r\n");
        return end < 0 ? text : text.substring(0, end);
    }
}
