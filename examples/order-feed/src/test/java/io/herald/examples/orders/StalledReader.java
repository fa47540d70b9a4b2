package io.herald.examples.orders;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * (After it-tests' {@code RawClients.StalledReader}: the example is built before it-tests.)
 *
 * An SSE subscriber on a raw socket with a tiny receive buffer that reads the response head up to
 * the {@code retry:} line, then never reads again: the server's writes to it soon find a full socket.
 */
final class StalledReader implements AutoCloseable {

    private final Socket socket;
    private final String head;

    StalledReader(URI uri) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(1024); // before connect, so the advertised window is small
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
        String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n"
                + "Accept: text/event-stream\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        head = readUntil(socket.getInputStream(), "retry:");
    }

    /** What was read: the status line, the headers and the start of the body up to {@code retry:}. */
    String head() {
        return head;
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            seen.write(b);
            if (seen.toString(StandardCharsets.ISO_8859_1).contains(marker)) {
                return seen.toString(StandardCharsets.ISO_8859_1);
            }
        }
        throw new IOException("stream ended before " + marker + ": " + seen.toString(StandardCharsets.ISO_8859_1));
    }

    /**
     * Reads (and drops) everything now: true if the server ended the stream (closed the connection
     * or reset it) within 10 s; false if the connection is still open and silent.
     */
    boolean drainedToEnd() {
        try {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[65536];
            while (in.read(buf) >= 0) {
                // dropped
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
