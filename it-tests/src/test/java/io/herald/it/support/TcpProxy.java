package io.herald.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay in front of the server, so a test can cut every open connection the way a
 * server (or a proxy, or a sleeping network) closes them, and hold new connections while paused.
 * It also records the head of every request, to see what a client sent on reconnect.
 *
 * <p>Each connection is relayed in the {@link Mode} set when it was accepted: {@link Mode#RELAY}
 * passes bytes through as they come; {@link Mode#BUFFER} holds each HTTP response until it is
 * complete, as a buffering reverse proxy does, so an event stream never reaches the client while a
 * long-poll answer does.
 */
public final class TcpProxy implements AutoCloseable {

    /** How responses travel back to the client. */
    public enum Mode { RELAY, BUFFER }

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<String> requestHeads = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private volatile Mode mode = Mode.RELAY;
    private volatile boolean paused;
    private volatile boolean closed;

    public TcpProxy(String upstreamHost, int upstreamPort) throws IOException {
        this.upstream = new InetSocketAddress(upstreamHost, upstreamPort);
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Applies to connections accepted from now on. */
    public void mode(Mode mode) {
        this.mode = mode;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Mode m = mode;
                Thread t = new Thread(() -> relay(client, m), "tcp-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    e.printStackTrace();
                }
            }
        }
    }

    private void relay(Socket client, Mode m) {
        open.add(client);
        try {
            synchronized (gate) {
                while (paused && !closed) {
                    gate.wait();
                }
            }
            Socket server = new Socket();
            server.connect(upstream, 5000);
            open.add(server);
            Thread up = new Thread(() -> requests(client, server), "tcp-proxy-up");
            up.setDaemon(true);
            up.start();
            if (m == Mode.RELAY) {
                pump(server, client, (buffer, n) -> { });
            } else {
                bufferResponses(server, client);
            }
        } catch (IOException | InterruptedException e) {
            closeQuietly(client);
        }
    }

    /** Relays a client's requests, recording the head of each one. */
    private void requests(Socket from, Socket to) {
        StringBuilder head = new StringBuilder();
        pump(from, to, (buffer, n) -> {
            head.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            int end;
            while ((end = head.indexOf("\r\n\r\n")) >= 0) {
                requestHeads.add(head.substring(0, end));
                head.delete(0, end + 4);
            }
        });
    }

    /** What a relay does with each run of bytes before passing it on. */
    @FunctionalInterface
    private interface Seen {
        void bytes(byte[] buffer, int n);
    }

    private void pump(Socket from, Socket to, Seen seen) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                seen.bytes(buffer, n);
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Forwards each response only once it is complete; an unfinished one is held until the server closes. */
    private void bufferResponses(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                held.write(buffer, 0, n);
                int complete;
                while ((complete = completeResponseLength(held.toByteArray())) > 0) {
                    byte[] all = held.toByteArray();
                    out.write(all, 0, complete);
                    out.flush();
                    held.reset();
                    held.write(all, complete, all.length - complete);
                }
            }
            held.writeTo(out); // the server closed: what it sent is complete now
            out.flush();
        } catch (IOException e) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Length of the first complete response in {@code bytes}, or 0 if none is complete yet. */
    static int completeResponseLength(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return 0;
        }
        int bodyStart = headEnd + 4;
        String head = text.substring(0, headEnd).toLowerCase(Locale.ROOT);
        int status = Integer.parseInt(head.substring(9, 12));
        if (status == 204 || status == 304 || status / 100 == 1) {
            return bodyStart;
        }
        for (String line : head.split("\r\n")) {
            if (line.startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring(15).trim());
                return bytes.length >= bodyStart + length ? bodyStart + length : 0;
            }
        }
        if (head.contains("transfer-encoding: chunked")) {
            int pos = bodyStart;
            while (true) {
                int lineEnd = text.indexOf("\r\n", pos);
                if (lineEnd < 0) {
                    return 0;
                }
                int size = Integer.parseInt(text.substring(pos, lineEnd).split(";")[0].trim(), 16);
                pos = lineEnd + 2;
                if (size == 0) {
                    int trailerEnd = text.indexOf("\r\n", pos);
                    return trailerEnd == pos ? pos + 2 : (text.indexOf("\r\n\r\n", pos) < 0 ? 0 : text.indexOf("\r\n\r\n", pos) + 4);
                }
                pos += size + 2;
                if (pos > bytes.length) {
                    return 0;
                }
            }
        }
        return 0; // delimited by close
    }

    /** Closes every open connection in both directions, as a server closing its streams would. */
    public void cutAll() {
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    /** New connections are accepted but not relayed until {@link #resume()}. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        synchronized (gate) {
            paused = false;
            gate.notifyAll();
        }
    }

    /** Request line and headers of every request seen so far, oldest first. */
    public List<String> requestHeads() {
        return List.copyOf(requestHeads);
    }

    private void closeQuietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        resume();
        cutAll();
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
