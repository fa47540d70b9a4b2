package io.herald.it.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 request over TLS from a chosen loopback source address (127.0.0.2, 127.0.0.3: all of
 * 127/8 is local on Linux), so that nginx sees distinct clients on one machine; the connection
 * stays open for a stream. The certificate and its name are verified.
 */
final class TlsClient implements AutoCloseable {

    private final SSLSocket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private boolean ended;

    private TlsClient(SSLSocket socket) {
        this.socket = socket;
    }

    /** Connects from {@code source} to 127.0.0.1:{@code port} and sends {@code GET target} with the header name/value pairs ({@code Accept: text/event-stream} unless they name one). */
    static TlsClient get(SSLContext tls, String source, int port, String target, String... headers) throws IOException {
        Socket plain = new Socket();
        plain.bind(new InetSocketAddress(source, 0));
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain, "localhost", port, true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        params.setServerNames(java.util.List.of(new SNIHostName("localhost")));
        params.setApplicationProtocols(new String[] {"http/1.1"});
        ssl.setSSLParameters(params);
        ssl.startHandshake();
        StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: localhost:")
                .append(port).append("\r\n");
        boolean accept = false;
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            accept |= headers[i].equalsIgnoreCase("Accept");
        }
        if (!accept) {
            request.append("Accept: text/event-stream\r\n");
        }
        request.append("\r\n");
        OutputStream out = ssl.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return new TlsClient(ssl);
    }

    /**
     * Reads until {@code marker} appears or {@code wait} passes (or the connection ends); returns
     * everything received so far on this connection.
     */
    String readUntil(String marker, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[4096];
        while (!text().contains(marker)) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            socket.setSoTimeout((int) Math.max(1, left));
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException timeout) {
                break;
            }
            if (n < 0) {
                ended = true;
                break;
            }
            received.write(buf, 0, n);
        }
        return text();
    }

    /** True once the other side closed the connection (seen by {@link #readUntil}). */
    boolean ended() {
        return ended;
    }

    /** The status code of the response head read so far, 0 if none yet. */
    int status() {
        String t = text();
        return t.startsWith("HTTP/1.1 ") && t.length() >= 12 ? Integer.parseInt(t.substring(9, 12)) : 0;
    }

    String text() {
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // gone already
        }
    }
}
