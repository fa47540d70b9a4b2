package io.herald.examples.orders;

import io.herald.testing.RawSockets;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;

/**
 * An SSE subscriber on a raw socket with a tiny receive buffer that reads the response head up to
 * the {@code retry:} line, then never reads again: the server's writes to it soon find a full socket.
 */
final class StalledReader implements AutoCloseable {

    private final Socket socket;
    private final String head;

    StalledReader(URI uri) throws IOException {
        socket = RawSockets.connect(uri.getHost(), uri.getPort(), 1024, 30_000);
        RawSockets.writeStreamRequest(socket, uri.getHost(), uri.getRawPath());
        head = RawSockets.readUntil(socket.getInputStream(), "retry:");
    }

    /** What was read: the status line, the headers and the start of the body up to {@code retry:}. */
    String head() {
        return head;
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
