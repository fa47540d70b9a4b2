package io.herald.it.proxy;

import io.herald.it.support.ExternalProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * An nginx process this test starts with the user-facing {@code docs/nginx/herald.conf}, changed
 * only where a deployment must change it: the two {@code listen} ports (loopback, free ports), the
 * certificate paths and the addresses of the upstream's {@code server} lines (one per node, each
 * with the parameters of the file's first one). Each of those must be found exactly
 * where the file has it, so a reworded file fails here instead of being tested half-applied. A
 * variant (a setting removed or changed, to show what it is for) is a further edit of the same text.
 *
 * <p>The file is an http-context include, as on Debian ({@code /etc/nginx/conf.d/}); the main file
 * around it has Debian's stock http defaults (sendfile, tcp_nopush, gzip on, mime types), nothing
 * of the system's sites, its own prefix, pid, logs and temp paths, and an access log whose format
 * this test reads ({@link #accessLog()}). nginx runs in the foreground, one worker.
 */
final class NginxProxy implements AutoCloseable {

    /** Where Failsafe says the documented file is (it-tests/pom.xml), else relative to it-tests/. */
    static Path documentedConfig() {
        return Path.of(System.getProperty("herald.it.nginx.conf", "../docs/nginx/herald.conf"));
    }

    static String nginxBinary() {
        return Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
    }

    /** Fields of one access-log line, in {@link #LOG_FORMAT}'s order. */
    record Access(String remoteAddr, String protocol, String connection, int status, String request,
                  String upstreamAddr, String upstreamStatus, String upstreamTransferEncoding,
                  String upstreamConnection, String forwardedFor) {
    }

    private static final String LOG_FORMAT = String.join("|", "$remote_addr", "$server_protocol", "$connection",
            "$status", "$request_method $request_uri", "$upstream_addr", "$upstream_status",
            "$upstream_http_transfer_encoding", "$upstream_http_connection", "$http_x_forwarded_for");

    final String name;
    final int httpPort = ExternalProcess.freePort();
    final int httpsPort = ExternalProcess.freePort();
    final Path dir;
    private final ExternalProcess process;

    /**
     * @param variant a further edit of the rendered file (identity for the file as documented);
     *                use {@link #remove} / {@link #replace}, which fail unless their line is there once
     */
    NginxProxy(String name, Path workDir, Path certificate, Path key, List<URI> nodes, UnaryOperator<String> variant) {
        this.name = name;
        try {
            this.dir = Files.createDirectories(workDir.resolve(name).toAbsolutePath());
            Files.createDirectories(dir.resolve("temp"));
            String site = variant.apply(render(Files.readString(documentedConfig()), httpPort, httpsPort,
                    certificate.toAbsolutePath(), key.toAbsolutePath(), nodes));
            Files.writeString(dir.resolve("herald.conf"), site);
            Files.writeString(dir.resolve("nginx.conf"), mainConfig(dir));
            Files.deleteIfExists(dir.resolve("access.log"));
            Files.deleteIfExists(dir.resolve("error.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.process = new ExternalProcess("nginx-" + name, dir.resolve("nginx.out"), List.of(nginxBinary(),
                "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-e", dir.resolve("error.log").toString()));
    }

    /** The documented file with this deployment's ports, certificate and nodes. */
    static String render(String file, int httpPort, int httpsPort, Path certificate, Path key, List<URI> nodes) {
        String s = replaceOnce(file, "(?m)^(\\s*)listen 80;", "$1listen 127.0.0.1:" + httpPort + ";");
        s = replaceOnce(s, "(?m)^(\\s*)listen 443 ssl http2;", "$1listen 127.0.0.1:" + httpsPort + " ssl http2;");
        s = replaceOnce(s, "(?m)^(\\s*)ssl_certificate\\s+\\S+;", "$1ssl_certificate " + certificate + ";");
        s = replaceOnce(s, "(?m)^(\\s*)ssl_certificate_key\\s+\\S+;", "$1ssl_certificate_key " + key + ";");
        Matcher upstream = Pattern.compile("(?s)upstream herald \\{\\n(.*?)\\n\\}").matcher(s);
        if (!upstream.find()) {
            throw new AssertionError("docs/nginx/herald.conf has no 'upstream herald { ... }' block");
        }
        List<String> lines = new ArrayList<>(List.of(upstream.group(1).split("\n")));
        int first = -1;
        String template = null;
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).matches("\\s*server\\s+[^;]+;.*")) {
                template = lines.remove(i);
                first = i;
            }
        }
        if (first < 0) {
            throw new AssertionError("the upstream block of docs/nginx/herald.conf names no server");
        }
        // each node gets the first server line with its address: the line's parameters stay as documented
        String line = template;
        lines.addAll(first, nodes.stream().map(n -> line.replaceFirst("server\\s+\\S+?(;|\\s)",
                Matcher.quoteReplacement("server " + n.getHost() + ":" + n.getPort()) + "$1")).toList());
        return s.substring(0, upstream.start(1)) + String.join("\n", lines) + s.substring(upstream.end(1));
    }

    /** A variant edit: {@code line} (trimmed, exactly as in the file) is removed. */
    static UnaryOperator<String> remove(String line) {
        return replace(line, "");
    }

    /** A variant edit: the line {@code line} (trimmed, exactly as in the file) becomes {@code with}. */
    static UnaryOperator<String> replace(String line, String with) {
        return text -> replaceOnce(text, "(?m)^(\\s*)" + Pattern.quote(line) + "[^\\n]*$",
                Matcher.quoteReplacement(with.isEmpty() ? "" : "        " + with));
    }

    private static String replaceOnce(String text, String regex, String replacement) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int count = 0;
        while (m.find()) {
            count++;
        }
        if (count != 1) {
            throw new AssertionError("docs/nginx/herald.conf: expected exactly one match of " + regex + ", found " + count);
        }
        return Pattern.compile(regex).matcher(text).replaceFirst(replacement);
    }

    private static String mainConfig(Path dir) {
        return """
                daemon off;
                master_process on;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                events {
                    worker_connections 1024;
                }
                http {
                    # Debian's stock http defaults (/etc/nginx/nginx.conf), minus its sites
                    sendfile on;
                    tcp_nopush on;
                    types_hash_max_size 2048;
                    include /etc/nginx/mime.types;
                    default_type application/octet-stream;
                    ssl_prefer_server_ciphers on;
                    gzip on;

                    log_format herald_it '%2$s';
                    access_log %1$s/access.log herald_it;
                    client_body_temp_path %1$s/temp/body;
                    proxy_temp_path %1$s/temp/proxy;
                    fastcgi_temp_path %1$s/temp/fastcgi;
                    uwsgi_temp_path %1$s/temp/uwsgi;
                    scgi_temp_path %1$s/temp/scgi;

                    include %1$s/herald.conf;
                }
                """.formatted(dir, LOG_FORMAT);
    }

    URI https() {
        return URI.create("https://127.0.0.1:" + httpsPort + "/");
    }

    URI http() {
        return URI.create("http://127.0.0.1:" + httpPort + "/");
    }

    /** Starts nginx and waits until its TLS port accepts connections. */
    NginxProxy start() {
        process.start();
        Awaitility.await(name + " listening (" + dir + ")").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("nginx " + name + " exited: " + read(dir.resolve("nginx.out"))
                                + read(dir.resolve("error.log")));
                    }
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", httpsPort), 500);
                        return true;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
        return this;
    }

    /** The requests nginx has finished so far (a stream is logged when it ends). */
    List<Access> accessLog() {
        return read(dir.resolve("access.log")).lines().map(l -> l.split("\\|", -1)).filter(f -> f.length == 10)
                .map(f -> new Access(f[0], f[1], f[2], Integer.parseInt(f[3]), f[4], f[5], f[6], f[7], f[8], f[9]))
                .collect(Collectors.toList());
    }

    String errorLog() {
        return read(dir.resolve("error.log"));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.stop(10);
    }
}
