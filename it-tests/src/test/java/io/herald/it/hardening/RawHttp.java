package io.herald.it.hardening;

import io.herald.testing.ChunkedBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a raw socket to the loopback server, so that a test controls every
 * byte (methods, repeated headers, invalid UTF-8) and sees the status line exactly as sent.
 */
final class RawHttp {

    /** Longest wait for the answer; a well-formed request that gets nothing by then is a hang. */
    static final int READ_TIMEOUT_MS = 10_000;
    private static final int MAX_BODY = 256 * 1024;

    private RawHttp() {
    }

    /**
     * The answer to {@code request}. An event stream is read up to its headers and then closed;
     * anything else is read to the end (send {@code Connection: close}).
     *
     * @return null when the server closed the connection without answering
     */
    static Answer exchange(int port, byte[] request) throws IOException {
        try (Socket socket = RawClients.connect(port, 0, READ_TIMEOUT_MS)) {
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException resetWhileWriting) {
                // the server gave up on the request mid-way: see what it answered
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int headEnd = -1;
            try {
                int n;
                while (headEnd < 0 && (n = in.read(buf)) > 0) {
                    seen.write(buf, 0, n);
                    headEnd = indexOf(seen.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    if (headEnd >= 0 && seen.toString(StandardCharsets.ISO_8859_1).matches("(?s)HTTP/1\\.1 1\\d\\d .*")) {
                        // an interim answer (100 Continue): the final one follows
                        byte[] rest = seen.toByteArray();
                        seen.reset();
                        seen.write(rest, headEnd + 4, rest.length - headEnd - 4);
                        headEnd = indexOf(seen.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    }
                }
            } catch (SocketTimeoutException hang) {
                throw new IOException("no answer within " + READ_TIMEOUT_MS + " ms", hang);
            } catch (IOException reset) {
                // closed: what came so far is the answer
            }
            if (seen.size() == 0) {
                return null;
            }
            byte[] all = seen.toByteArray();
            int end = headEnd < 0 ? all.length : headEnd;
            String head = new String(all, 0, end, StandardCharsets.ISO_8859_1);
            List<String> lines = head.lines().toList();
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                            (a, b) -> a + ", " + b);
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (headEnd >= 0) {
                body.write(all, headEnd + 4, all.length - headEnd - 4);
                boolean stream = headers.getOrDefault("content-type", "").startsWith("text/event-stream");
                if (!stream) {
                    try {
                        int n;
                        while (body.size() < MAX_BODY && (n = in.read(buf)) > 0) {
                            body.write(buf, 0, n);
                        }
                    } catch (SocketTimeoutException hang) {
                        throw new IOException("answer not ended within " + READ_TIMEOUT_MS + " ms: " + lines.get(0), hang);
                    } catch (IOException reset) {
                        // closed
                    }
                }
            }
            byte[] raw = body.toByteArray();
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                raw = ChunkedBody.content(raw);
            }
            return new Answer(lines.get(0), headers, new String(raw, StandardCharsets.UTF_8));
        }
    }

    /** The status line, headers (lower-case names, repeated ones joined) and the body of an answer. */
    record Answer(String statusLine, Map<String, String> headers, String body) {

        /** The status code, or -1 if the first line is not an HTTP status line. */
        int status() {
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                return -1;
            }
            try {
                return Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        return indexOf(data, 0, pattern);
    }

    private static int indexOf(byte[] data, int from, byte[] pattern) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
