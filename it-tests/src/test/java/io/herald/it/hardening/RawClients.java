package io.herald.it.hardening;

import io.herald.testing.RawSockets;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** Raw-socket HTTP/1.1 clients: a subscriber that stops reading, a timed subscriber, a one-shot request. */
final class RawClients {

    private RawClients() {
    }

    static Socket connect(int port, int receiveBuffer, int readTimeoutMs) throws IOException {
        return RawSockets.connect("127.0.0.1", port, receiveBuffer, readTimeoutMs);
    }

    static void writeRequest(Socket s, String path, String... headers) throws IOException {
        RawSockets.writeStreamRequest(s, "127.0.0.1", path, headers);
    }

    /** Reads until {@code marker} has been seen (e.g. the {@code retry:} line); returns what was read. */
    static String readUntil(InputStream in, String marker) throws IOException {
        return RawSockets.readUntil(in, marker);
    }

    /**
     * An SSE subscriber that reads the response head and the {@code retry:} line, then never reads
     * again, with a tiny receive buffer: the server's writes to it soon block on a full socket.
     */
    static final class StalledReader implements AutoCloseable {
        /** The end of a chunked HTTP/1.1 body: the zero-length last chunk. */
        private static final byte[] LAST_CHUNK = "\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        final Socket socket;
        final String head;

        StalledReader(int port, String path) throws IOException {
            socket = connect(port, 1024, 30_000);
            writeRequest(socket, path);
            head = readUntil(socket.getInputStream(), "retry:");
        }

        /**
         * Reads (and drops) everything now: true if the server ended the stream, by closing the
         * connection (EOF/reset) or by finishing the chunked response with its last chunk (after
         * which HTTP/1.1 keeps the connection open for another request), within the socket timeout.
         */
        boolean drainedToEnd() {
            byte[] tail = new byte[LAST_CHUNK.length];
            int seen = 0;
            try {
                socket.setSoTimeout(10_000);
                InputStream in = socket.getInputStream();
                byte[] buf = new byte[65536];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    for (int i = Math.max(0, n - tail.length); i < n; i++) {
                        System.arraycopy(tail, 1, tail, 0, tail.length - 1);
                        tail[tail.length - 1] = buf[i];
                        seen++;
                    }
                }
                return true;
            } catch (java.net.SocketTimeoutException idle) {
                return seen >= tail.length && java.util.Arrays.equals(tail, LAST_CHUNK);
            } catch (IOException reset) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** An SSE subscriber that reads promptly and records when each event id arrived (System.nanoTime). */
    static final class TimedReader implements AutoCloseable {
        final Map<Long, Long> arrivals = new ConcurrentHashMap<>();
        final AtomicBoolean ended = new AtomicBoolean();
        private final Socket socket;

        TimedReader(int port, String path) throws IOException {
            socket = connect(port, 0, 0);
            writeRequest(socket, path);
            InputStream in = socket.getInputStream();
            readUntil(in, "retry:");
            Thread t = new Thread(() -> loop(in), "timed-reader");
            t.setDaemon(true);
            t.start();
        }

        private void loop(InputStream in) {
            try {
                byte[] buf = new byte[65536];
                StringBuilder line = new StringBuilder();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    long now = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        char c = (char) (buf[i] & 0xff);
                        if (c == '\n') {
                            if (line.length() > 4 && line.charAt(0) == 'i' && line.charAt(1) == 'd' && line.charAt(2) == ':') {
                                try {
                                    arrivals.putIfAbsent(Long.parseLong(line.substring(3).trim()), now);
                                } catch (NumberFormatException splitByChunkHeader) {
                                    // not an id line after all
                                }
                            }
                            line.setLength(0);
                        } else if (line.length() < 64) {
                            line.append(c);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // closed
            } finally {
                ended.set(true);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
