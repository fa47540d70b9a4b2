package io.herald.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 on a plain socket, for tests that need what no HTTP client lets them do: a client that
 * advertises a tiny receive window and then stops reading, or bytes seen exactly as the server sent
 * them.
 */
public final class RawSockets {

    private RawSockets() {
    }

    /**
     * A connected socket; {@code receiveBuffer} > 0 is set before connecting, so that the window the
     * client advertises is that small from the start.
     */
    public static Socket connect(String host, int port, int receiveBuffer, int readTimeoutMs) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.setSoTimeout(readTimeoutMs);
        s.connect(new InetSocketAddress(host, port), 5000);
        return s;
    }

    /** Sends {@code GET path} asking for an event stream, with the extra header lines given. */
    public static void writeStreamRequest(Socket s, String host, String path, String... headers) throws IOException {
        StringBuilder req = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: ").append(host)
                .append("\r\nAccept: text/event-stream\r\n");
        for (String h : headers) {
            req.append(h).append("\r\n");
        }
        req.append("\r\n");
        OutputStream out = s.getOutputStream();
        out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads byte by byte until {@code marker} has been seen (e.g. the {@code retry:} line); returns what was read. */
    public static String readUntil(InputStream in, String marker) throws IOException {
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
}
