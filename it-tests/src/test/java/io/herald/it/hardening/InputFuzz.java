package io.herald.it.hardening;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Generates requests for {@link InputFuzzIT} from one seeded {@link Random}, so a failure is
 * replayed exactly with its seed: JSON bodies at the edges of the grammar and of what parsers
 * hold (long and precise numbers, huge exponents, deep nesting, duplicate members, lone
 * surrogates, byte order marks, invalid UTF-8, NaN-like tokens, trailing garbage, random byte
 * mutations) and HTTP at its edges (methods, repeated and malformed {@code Last-Event-ID}, ids
 * with signs, blanks and non-ASCII digits, overflowing {@code since}/{@code timeout}, charsets and
 * content types, tokens, odd headers). Every request is well-formed HTTP/1.1 so that Herald, not
 * the container's request parser, answers it; the raw-garbage cases stay in {@code HardeningIT}.
 */
final class InputFuzz {

    /** The standard reason phrases (RFC 9110) of every status Herald may answer with here. */
    static final Map<Integer, String> PHRASES = Map.ofEntries(
            Map.entry(200, "OK"), Map.entry(201, "Created"), Map.entry(204, "No Content"),
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
            Map.entry(413, "Content Too Large"), Map.entry(415, "Unsupported Media Type"),
            Map.entry(429, "Too Many Requests"), Map.entry(503, "Service Unavailable"));

    /**
     * One generated request and what may answer it.
     *
     * @param allowed      statuses that may answer it (empty: any below 500)
     * @param expectedData on a 201, the {@code data} the event must hold, or null
     * @param head         a HEAD request (no body to check)
     * @param container    the request has a part the servlet container itself may refuse before
     *                     Herald sees it (a percent-encoding of invalid UTF-8, a broken one or an encoded slash in the path,
     *                     non-ASCII header bytes, a body on DELETE, a request head over 8 KiB): its
     *                     plain 400 (or 404 from the default servlet, 413/414/431 for sizes) is accepted
     */
    record Case(String name, byte[] request, Set<Integer> allowed, String expectedData, boolean head, boolean container) {
        @Override
        public String toString() {
            String text = new String(request, StandardCharsets.ISO_8859_1).replace("\r\n", "\\r\\n");
            return name + " [" + (text.length() > 300 ? text.substring(0, 300) + "...(" + request.length + " bytes)" : text) + "]";
        }
    }

    private final Random random;
    private final String publisher;
    private final String reader;
    private final String farFuture;
    private int n;

    InputFuzz(long seed, String publisher, String reader, String farFuture) {
        this.random = new Random(seed);
        this.publisher = publisher;
        this.reader = reader;
        this.farFuture = farFuture;
    }

    Case next() {
        n++;
        return switch (random.nextInt(9)) {
            case 0, 1 -> jsonPublish();
            case 2 -> mutatedJsonPublish();
            case 3 -> textPublish();
            case 4 -> stream();
            case 5 -> pollOrHistory();
            case 6 -> oddMethod();
            case 7 -> oddlyClaimedToken();
            default -> oddHeaders();
        };
    }

    // ---- tokens -------------------------------------------------------------------------------

    /** A JSON value of any shape, for a claim that expects one shape. */
    private String claimShape() {
        long future = java.time.Instant.now().plusSeconds(3600).getEpochSecond();
        return pick(() -> "null", () -> "true", () -> "\"\"", () -> "\"x\"", () -> "\"" + future + "\"", () -> "[]",
                () -> "[null]", () -> "[1]", () -> "[\"*\"]", () -> "{}", () -> "-1", () -> "0", () -> "1.5", () -> "1e300",
                () -> "99999999999999999999", () -> Long.toString(future), () -> "\"fuzz.* private.*\"");
    }

    /**
     * A publish or a private read with a validly signed token whose claims (the registered ones and
     * Herald's) have random shapes: accepted or refused (401/403), never a 5xx.
     */
    private Case oddlyClaimedToken() {
        StringBuilder claims = new StringBuilder("{\"exp\":").append(claimShape());
        List<String> names = List.of("nbf", "iat", "iss", "sub", "aud", "jti", "herald.publish", "herald.subscribe");
        for (int i = random.nextInt(4); i > 0; i--) {
            claims.append(",\"").append(names.get(random.nextInt(names.size()))).append("\":").append(claimShape());
        }
        String token = io.herald.it.support.Tokens.hs256Json(InputFuzzIT.SECRET, claims.append('}').toString());
        byte[] request = random.nextBoolean()
                ? InputFuzzIT.post("/topics/fuzz." + random.nextInt(20) + "/events", "text/plain",
                        "claimed".getBytes(StandardCharsets.UTF_8), "Authorization: Bearer " + token)
                : InputFuzzIT.get("/topics/private.s/poll?since=0&timeout=0", "Authorization: Bearer " + token);
        return new Case("claims " + n + " " + claims, request, Set.of(200, 201, 204, 401, 403, 429, 503), null, false, false);
    }

    // ---- JSON ---------------------------------------------------------------------------------

    /** Numbers a JSON parser accepts but a BigDecimal cannot hold, or changes when it prints them. */
    private String edgeNumber() {
        int digits = 1 + random.nextInt(3000);
        return pick(
                () -> "9".repeat(digits),
                () -> "-" + "1234567890".repeat(1 + digits / 10),
                () -> "0." + "0".repeat(digits) + "1",
                () -> "1e99999999999",
                () -> "-1E-99999999999",
                () -> "1e+" + Long.MAX_VALUE,
                () -> "123456789.123456789e-2147483649",
                () -> "1" + "0".repeat(digits) + "e" + (random.nextBoolean() ? "-" : "") + random.nextInt(Integer.MAX_VALUE),
                () -> "-0", () -> "0e0", () -> "1E2", () -> "1.50", () -> "0.1e-400",
                () -> Long.toString(random.nextLong()), () -> Double.toString(random.nextDouble()).replace("Infinity", "1"));
    }

    /** Values JSON does not allow. */
    private String invalidValue() {
        return pick(() -> "NaN", () -> "Infinity", () -> "-Infinity", () -> "+1", () -> "01", () -> ".5", () -> "1.",
                () -> "1e", () -> "0x1F", () -> "1_000", () -> "\u0663\u0664", () -> "True", () -> "undefined",
                () -> "nul", () -> "'single'", () -> "\"\\x41\"", () -> "\"\\u12\"", () -> "\"tab\there\"",
                () -> "\"nul\u0000\"", () -> "[1,]", () -> "{\"a\":1,}", () -> "{\"a\"}", () -> "[", () -> "\"open");
    }

    /** Strings JSON allows, some of which cannot be forwarded as UTF-8 (lone surrogates). */
    private String edgeString() {
        return pick(() -> "\"\\ud800\"", () -> "\"\\udc00x\"", () -> "\"x\\ud83d\"", () -> "\"\\ud83d\\ude00\"",
                () -> "\"\\u0000\"", () -> "\"\u00e9\u4e2d\ud83d\ude00\"", () -> "\"" + "\\\\".repeat(random.nextInt(50)) + "\"",
                () -> "\"\\u2028\\u2029\"", () -> "\"" + "x".repeat(random.nextInt(20_000)) + "\"");
    }

    private String nested(int depth, boolean objects) {
        if (objects) {
            return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        }
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private Case jsonPublish() {
        String value;
        String expectedData = null;
        Set<Integer> allowed;
        switch (random.nextInt(7)) {
            case 0 -> {
                value = edgeNumber();
                expectedData = value; // accepted as exactly what was sent
                allowed = Set.of(201);
            }
            case 1 -> {
                value = invalidValue();
                allowed = Set.of(400);
            }
            case 2 -> {
                value = edgeString();
                allowed = Set.of(201, 400);
            }
            case 3 -> {
                int depth = pick(() -> 10, () -> 999, () -> 1000, () -> 1001, () -> 5000, () -> 20_000);
                value = nested(depth, random.nextBoolean());
                allowed = Set.of(201, 400);
            }
            case 4 -> {
                value = pick(() -> "{\"a\":1,\"a\":2}", () -> "{\"k\":{\"x\":[],\"x\":{}}}", () -> "[{\"d\":1,\"e\":2,\"d\":3}]");
                allowed = Set.of(400); // members twice: parsers disagree on which one counts
            }
            case 5 -> {
                value = "[" + edgeNumber() + "," + edgeString() + ",{\"n\":" + edgeNumber() + "}]";
                allowed = Set.of(201, 400);
            }
            default -> {
                value = "{\"list\":[1,2.5,-3e-2,true,false,null,\"s\"],\"o\":{}}";
                expectedData = value;
                allowed = Set.of(201);
            }
        }
        String body = pick(() -> "{\"data\":" + value + "}", () -> "{\"type\":\"t\",\"data\":" + value + "}",
                () -> "{\"data\":" + value + ",\"extra\":[1,{}]}", () -> " \n{ \"data\" : " + value + " } \n");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > InputFuzzIT.MAX_BYTES) {
            allowed = Set.of(413);
            expectedData = null;
        }
        return publish("json " + n, "application/json", bytes, allowed, expectedData);
    }

    private Case mutatedJsonPublish() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] valid = ("{\"type\":\"t\",\"data\":{\"n\":" + edgeNumber() + ",\"s\":\"\u00e9\"}}").getBytes(StandardCharsets.UTF_8);
        return switch (random.nextInt(6)) {
            case 0 -> publish("bom " + n, "application/json", concat(bom, valid), Set.of(201), null);
            case 1 -> publish("two boms " + n, "application/json", concat(bom, concat(bom, valid)), Set.of(400), null);
            case 2 -> publish("invalid utf-8 " + n, "application/json", insert(valid, invalidUtf8()), Set.of(400), null);
            case 3 -> publish("trailing " + n, "application/json",
                    concat(valid, pick(() -> "}", () -> " x", () -> "\u0000", () -> "// c", () -> "{}", () -> ",")
                            .getBytes(StandardCharsets.UTF_8)), Set.of(400), null);
            case 4 -> publish("utf-16 " + n, "application/json",
                    new String(valid, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16), Set.of(400), null);
            default -> {
                byte[] mutated = valid.clone();
                for (int i = 1 + random.nextInt(4); i > 0; i--) {
                    mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
                }
                yield publish("mutated " + n, "application/json", mutated, Set.of(201, 400), null);
            }
        };
    }

    private byte[] invalidUtf8() {
        return pick(() -> new byte[] {(byte) 0xC3, 0x28}, () -> new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                () -> new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, () -> new byte[] {(byte) 0xFF},
                () -> new byte[] {(byte) 0xC0, (byte) 0xAF}, () -> new byte[] {(byte) 0xE2, (byte) 0x82});
    }

    private Case textPublish() {
        String type = pick(() -> "text/plain", () -> "text/plain; charset=utf-8", () -> "text/plain; charset=UTF-16",
                () -> "text/plain; charset=x-unknown", () -> "text/plain; charset=", () -> "text/plain; charset=\"utf-8\"",
                () -> "text/plain; charset=utf-8; charset=latin1", () -> "text/plain;;", () -> "TEXT/PLAIN",
                () -> "application/json; charset=iso-8859-1", () -> "application/json; charset=utf-32",
                () -> "application/xml", () -> "*/*", () -> "application/", () -> "multipart/form-data; boundary=x",
                () -> "application/x-www-form-urlencoded", () -> "text/event-stream", () -> "a/b; c", () -> ";",
                () -> "text/plain; charset=\u00e9");
        byte[] body = pick(() -> "plain".getBytes(StandardCharsets.UTF_8), () -> new byte[0],
                () -> insert("text".getBytes(StandardCharsets.UTF_8), invalidUtf8()),
                () -> "{\"data\":1}".getBytes(StandardCharsets.UTF_8), () -> "\u00e9\u4e2d".getBytes(StandardCharsets.UTF_16LE));
        String query = pick(() -> "", () -> "?type=t", () -> "?type=" + "t".repeat(65), () -> "?type=a%0Ab",
                () -> "?type=%00", () -> "?type=%E9", () -> "?type=");
        return publish("text " + n, type, "/topics/fuzz." + random.nextInt(20) + "/events" + query, body, Set.of(), null);
    }

    private Case publish(String name, String contentType, byte[] body, Set<Integer> allowed, String expectedData) {
        return publish(name, contentType, "/topics/fuzz." + random.nextInt(20) + "/events", body, allowed, expectedData);
    }

    private Case publish(String name, String contentType, String target, byte[] body, Set<Integer> allowed,
                         String expectedData) {
        byte[] request = InputFuzzIT.post(target, contentType, body, "Authorization: Bearer " + publisher);
        return new Case(name, request, allowed, expectedData, false, containerMayRefuse(request));
    }

    // ---- HTTP ---------------------------------------------------------------------------------

    /** Event ids as a client might mangle them. */
    private String oddId() {
        return pick(() -> "", () -> " ", () -> "5", () -> " 5", () -> "5 ", () -> "+5", () -> "-5", () -> "-0",
                () -> "0x10", () -> "1e3", () -> "5.0", () -> "9223372036854775807", () -> "9223372036854775808",
                () -> "18446744073709551616", () -> "9".repeat(1 + random.nextInt(400)), () -> "00000000000000000000005",
                () -> "\u0663", () -> "\uff15", () -> "\u00b2", () -> "5,6", () -> "%35", () -> "null", () -> "\t7");
    }

    private String encodedId() {
        return java.net.URLEncoder.encode(oddId(), StandardCharsets.UTF_8);
    }

    private String topic() {
        return pick(() -> "fuzz.s", () -> "private.s", () -> "private.other", () -> "a".repeat(128), () -> "a".repeat(129),
                () -> "%20", () -> "a%2Fb", () -> "%E9t%C3%A9", () -> "%C3%28", () -> "a;b", () -> "..%2F", () -> "~._-",
                () -> "%00", () -> "a%3Bx=1");
    }

    private Case stream() {
        String path = random.nextBoolean() ? "/topics/" + topic() + "/stream"
                : "/stream" + pick(() -> "", () -> "?topic=", () -> "?topic=" + topic(),
                        () -> "?topic=fuzz.a&topic=fuzz.a", () -> "?topic=x".repeat(1) + "&topic=y".repeat(70),
                        () -> "?topic=fuzz.a&lastEventId=" + encodedId(), () -> "?topic=private.s&access_token=garbage",
                        () -> "?topic=private.s&access_token=" + farFuture);
        String[] headers = pick(() -> new String[] {"Last-Event-ID: " + oddId()},
                () -> new String[] {"Last-Event-ID: 1", "Last-Event-ID: 2"},
                () -> new String[] {"Last-Event-ID: " + oddId(), "Last-Event-ID: " + oddId()},
                () -> new String[] {"Accept: text/event-stream", "Authorization: Bearer " + reader},
                () -> new String[] {"Authorization: Bearer " + farFuture},
                () -> new String[] {"Cookie: access_token=" + pick(() -> reader, () -> "x", () -> "")},
                () -> new String[] {"Accept: application/json"},
                () -> new String[] {"X-Forwarded-For: " + pick(() -> "garbage", () -> "10.0.0.1, 300.1.1.1", () -> "::1, ,,")});
        byte[] request = InputFuzzIT.get(path + (path.contains("?") ? "&" : "?") + "lastEventId=" + encodedId(), headers);
        return new Case("stream " + n, request, Set.of(), null, false, containerMayRefuse(request));
    }

    private Case pollOrHistory() {
        String timeout = pick(() -> "0", () -> "1", () -> "-1", () -> "121", () -> "99999999999999999999",
                () -> "2147483648", () -> "1e3", () -> "+1", () -> " 1", () -> "1.5", () -> "", () -> "%EF%BC%91",
                () -> Long.toString(Long.MAX_VALUE), () -> "0x1");
        String target = random.nextBoolean()
                ? "/topics/" + topic() + "/poll?since=" + encodedId() + "&timeout="
                        + java.net.URLEncoder.encode(timeout, StandardCharsets.UTF_8).replace("%25", "%")
                : "/topics/" + topic() + "/events?since=" + encodedId();
        if (random.nextInt(4) == 0) {
            target = target + "&since=" + encodedId(); // repeated
        }
        byte[] request = InputFuzzIT.get(target, "Authorization: Bearer " + reader);
        return new Case("read " + n, request, Set.of(), null, false, containerMayRefuse(request));
    }

    private Case oddMethod() {
        String method = pick(() -> "PUT", () -> "PATCH", () -> "DELETE", () -> "HEAD", () -> "OPTIONS", () -> "FOO",
                () -> "POST", () -> "get");
        String target = pick(() -> "/topics/fuzz.m/events", () -> "/topics/fuzz.m/stream", () -> "/topics/fuzz.m/poll",
                () -> "/topics/fuzz.m", () -> "/stream?topic=fuzz.m", () -> "/topics", () -> "/topics/fuzz.m/events/1",
                // a % that starts no escape: Payara's Catalina answered an empty 200
                () -> "/topics/fuzz.m%zz/events", () -> "/topics/fuzz.m%4", () -> "/%", () -> "/stream%g0?topic=fuzz.m");
        boolean brokenEscape = target.matches(".*%(?![0-9A-Fa-f]{2}).*");
        String request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + publisher
                + "\r\nContent-Type: text/plain\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx";
        return new Case("method " + n, request.getBytes(StandardCharsets.ISO_8859_1), brokenEscape ? Set.of(400) : Set.of(), null,
                "HEAD".equals(method), "DELETE".equals(method) || "get".equals(method) || brokenEscape);
    }

    private Case oddHeaders() {
        String header = pick(() -> "Accept: " + pick(() -> "garbage", () -> "*/*;q=x", () -> "image/png", () -> "", this::accept),
                () -> "Accept: " + accept() + "\r\nAccept: " + accept(),
                () -> "Accept-Charset: x-unknown", () -> "Accept-Language: " + pick(() -> "en;q=x", () -> "de, en;q=2", () -> "*;q=.5"),
                () -> "Authorization: " + pick(() -> "Bearer", () -> "Bearer ",
                        () -> "Basic dXNlcjpwYXNz", () -> "Bearer " + "a".repeat(9000), () -> "Bearer a.b.c",
                        () -> "bearer " + publisher, () -> "Bearer  " + publisher + " "),
                () -> "Origin: " + pick(() -> "null", () -> "http://evil.test", () -> "\u00e9"),
                () -> "Content-Encoding: gzip", () -> "Expect: 100-continue",
                () -> "Content-Type: " + pick(() -> "a/b; c", () -> "text/plain; charset=", () -> ";", () -> "x"), () -> "Range: bytes=0-1",
                () -> "If-None-Match: *", () -> "X-Forwarded-For: " + "1.2.3.4, ".repeat(200),
                // an upgrade nothing here takes (Java's HttpClient asks for h2c on every request): Payara's POST waited for
                // ever. Not listed in Connection (which says close here), so no server may switch: every one answers in HTTP/1.1
                () -> "Upgrade: " + pick(() -> "h2c", () -> "websocket", () -> "foo/1, bar", () -> "TLS/1.2"));
        String target = pick(() -> "/topics/fuzz.h/events", () -> "/topics/private.h", () -> "/topics/fuzz.h");
        boolean post = random.nextBoolean() && target.endsWith("/events");
        byte[] request = post
                ? InputFuzzIT.post(target, "text/plain", "x".getBytes(StandardCharsets.UTF_8), header)
                : InputFuzzIT.get(target, header);
        return new Case("headers " + n, request, Set.of(), null, false, containerMayRefuse(request));
    }

    /**
     * An {@code Accept} value of one to three elements built from pieces that each runtime read its
     * own way (RESTEasy failed on {@code q=x} with a 500 and sent its container's HTML page for a
     * quoted comma; Jersey took {@code garbage} for a type): well-formed, legacy and malformed.
     */
    private String accept() {
        StringBuilder value = new StringBuilder();
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            value.append(pick(() -> "text/event-stream", () -> "application/json", () -> "*/*", () -> "text/*", () -> "*",
                    () -> "garbage", () -> "*/json", () -> "a/b/c", () -> "", () -> "TEXT/PLAIN", () -> "image/png"));
            value.append(pick(() -> "", () -> "", () -> ";q=0", () -> ";q=0.5", () -> "; q=.2", () -> ";q=1.0000", () -> ";q=x",
                    () -> ";q=2", () -> ";q=-1", () -> ";v=\"a,b\"", () -> ";v=\"a", () -> ";foo", () -> ";;", () -> ";q=0.5;q=1",
                    () -> ";charset=utf-8", () -> ";level=1;q=0.001"));
            value.append(i > 1 ? pick(() -> ",", () -> ", ", () -> ",,", () -> " , ") : "");
        }
        return value.toString();
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** Parts Grizzly or the servlet container refuse before the web application sees the request. */
    private static boolean containerMayRefuse(byte[] request) {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        String head = text.substring(0, Math.max(0, text.indexOf("\r\n\r\n")));
        String target = head.substring(0, Math.max(0, head.indexOf("\r\n")));
        boolean nonAscii = head.chars().anyMatch(c -> c > 0x7E);
        boolean oddPath = target.matches("(?s).*(%[89A-Fa-f][0-9A-Fa-f]|%2F|%2f|%00|%C3%28).*");
        boolean tooLong = head.length() > 8192; // Grizzly's request header limit
        return nonAscii || oddPath || tooLong;
    }

    @SafeVarargs
    private <T> T pick(Supplier<T>... choices) {
        return choices[random.nextInt(choices.length)].get();
    }

    private byte[] insert(byte[] into, byte[] what) {
        int at = 1 + random.nextInt(into.length - 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(into, 0, at);
        out.writeBytes(what);
        out.write(into, at, into.length - at);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    static List<Integer> sorted(Set<Integer> s) {
        return s.stream().sorted().toList();
    }
}
