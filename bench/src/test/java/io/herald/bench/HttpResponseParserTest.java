package io.herald.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpResponseParserTest {

    /** Records "status:body" per complete response. */
    static final class Rec implements HttpResponseParser.Handler {
        final List<String> done = new ArrayList<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int status;
        Map<String, String> headers;

        @Override
        public void onHead(int status, Map<String, String> headers) {
            this.status = status;
            this.headers = headers;
            body.reset();
        }

        @Override
        public void onBody(byte[] b, int off, int len) {
            body.write(b, off, len);
        }

        @Override
        public void onComplete() {
            done.add(status + ":" + body.toString(StandardCharsets.UTF_8));
        }
    }

    private static final String KEEPALIVE = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/event-stream\r\n\r\n"
            + "5;ext=1\r\nhello\r\n"
            + "1A\r\nabcdefghijklmnopqrstuvwxyz\r\n"
            + "0\r\nX-Trailer: y\r\n\r\n"
            + "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"
            + "HTTP/1.1 201 Created\r\nContent-Length: 8\r\nLocation: /x\r\n\r\n{\"id\":1}"
            + "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n[]";

    private static final List<String> EXPECTED = List.of(
            "200:helloabcdefghijklmnopqrstuvwxyz", "204:", "201:{\"id\":1}", "200:[]");

    @Test
    void keepAliveSequenceSplitAnywhere() {
        byte[] b = KEEPALIVE.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i <= b.length; i++) {
            for (int j = i; j <= b.length; j += 5) {
                Rec r = new Rec();
                HttpResponseParser p = new HttpResponseParser(r);
                p.feed(b, 0, i);
                p.feed(b, i, j - i);
                p.feed(b, j, b.length - j);
                assertEquals(EXPECTED, r.done, "split " + i + "/" + j);
            }
        }
    }

    @Test
    void headersAreLowerCased() {
        Rec r = new Rec();
        HttpResponseParser p = new HttpResponseParser(r);
        byte[] b = "HTTP/1.1 200 OK\r\nLast-Modified: Tue\r\nEtag: 0\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        p.feed(b, 0, b.length);
        assertEquals("Tue", r.headers.get("last-modified"));
        assertEquals("0", r.headers.get("etag"));
    }

    @Test
    void closeDelimitedBody() {
        Rec r = new Rec();
        HttpResponseParser p = new HttpResponseParser(r);
        byte[] b = "HTTP/1.0 200 OK\r\n\r\nstream data".getBytes(StandardCharsets.ISO_8859_1);
        p.feed(b, 0, b.length);
        assertEquals(List.of(), r.done);
        assertEquals(true, p.onEof());
        assertEquals(List.of("200:stream data"), r.done);
    }

    @Test
    void chunkedSseIntoSseParser() {
        String sse = "retry: 1000\n\nid: 1\ndata: 1,5,0\n\nid: 2\ndata: 2,6,0\n\n";
        StringBuilder chunked = new StringBuilder("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < sse.length(); i += 7) {
            String part = sse.substring(i, Math.min(sse.length(), i + 7));
            chunked.append(Integer.toHexString(part.length())).append("\r\n").append(part).append("\r\n");
        }
        byte[] b = chunked.toString().getBytes(StandardCharsets.ISO_8859_1);
        for (int cut = 0; cut <= b.length; cut++) {
            List<String> events = new ArrayList<>();
            SseParser sp = new SseParser((id, t, d) -> events.add(id + "=" + d), null);
            HttpResponseParser p = new HttpResponseParser(new HttpResponseParser.Handler() {
                @Override
                public void onHead(int status, Map<String, String> headers) {
                }

                @Override
                public void onBody(byte[] bb, int off, int len) {
                    sp.feed(bb, off, len);
                }

                @Override
                public void onComplete() {
                }
            });
            p.feed(b, 0, cut);
            p.feed(b, cut, b.length - cut);
            assertEquals(List.of("1=1,5,0", "2=2,6,0"), events, "cut " + cut);
        }
    }
}
