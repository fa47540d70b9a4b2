package io.herald.bench;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Incremental HTTP/1.1 response parser: status line + headers, then a body framed by
 * Content-Length, chunked transfer coding, or connection close. Bytes may be split anywhere.
 * After a complete response it is ready for the next one (keep-alive).
 */
public final class HttpResponseParser {

    /** Receives the parts of a response. */
    public interface Handler {
        void onHead(int status, Map<String, String> headers);

        void onBody(byte[] b, int off, int len);

        void onComplete();
    }

    private enum State { HEAD, LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_CRLF, TRAILER, UNTIL_EOF }

    private final Handler handler;
    private State state = State.HEAD;
    private byte[] head = new byte[512];
    private int headLen;
    private long remaining;
    private boolean sizeDigits;
    private boolean sizeExt;
    private int trailerLineLen;
    private boolean noBody;

    public HttpResponseParser(Handler handler) {
        this.handler = handler;
    }

    /** Call before sending a request whose response has no body (HEAD). */
    public void expectNoBody() {
        noBody = true;
    }

    public boolean inHead() {
        return state == State.HEAD && headLen == 0;
    }

    public void feed(byte[] b, int off, int n) {
        int i = off;
        int end = off + n;
        while (i < end) {
            switch (state) {
                case HEAD: {
                    byte c = b[i++];
                    if (headLen == head.length) {
                        byte[] bigger = new byte[head.length * 2];
                        System.arraycopy(head, 0, bigger, 0, headLen);
                        head = bigger;
                    }
                    head[headLen++] = c;
                    if (c == '\n' && endsHead()) {
                        parseHead();
                    }
                    break;
                }
                case LENGTH: {
                    int take = (int) Math.min(remaining, end - i);
                    handler.onBody(b, i, take);
                    i += take;
                    remaining -= take;
                    if (remaining == 0) {
                        complete();
                    }
                    break;
                }
                case CHUNK_SIZE: {
                    byte c = b[i++];
                    if (c == '\n') {
                        if (!sizeDigits) {
                            throw new IllegalStateException("bad chunk size line");
                        }
                        if (remaining == 0) {
                            state = State.TRAILER;
                            trailerLineLen = 0;
                        } else {
                            state = State.CHUNK_DATA;
                        }
                    } else if (c == ';') {
                        sizeExt = true;
                    } else if (!sizeExt && c != '\r' && c != ' ' && c != '\t') {
                        int d = Character.digit(c, 16);
                        if (d < 0) {
                            throw new IllegalStateException("bad chunk size byte " + c);
                        }
                        remaining = remaining * 16 + d;
                        sizeDigits = true;
                    }
                    break;
                }
                case CHUNK_DATA: {
                    int take = (int) Math.min(remaining, end - i);
                    handler.onBody(b, i, take);
                    i += take;
                    remaining -= take;
                    if (remaining == 0) {
                        state = State.CHUNK_CRLF;
                    }
                    break;
                }
                case CHUNK_CRLF: {
                    byte c = b[i++];
                    if (c == '\n') {
                        startChunk();
                    }
                    break;
                }
                case TRAILER: {
                    byte c = b[i++];
                    if (c == '\n') {
                        if (trailerLineLen == 0) {
                            complete();
                        }
                        trailerLineLen = 0;
                    } else if (c != '\r') {
                        trailerLineLen++;
                    }
                    break;
                }
                case UNTIL_EOF: {
                    handler.onBody(b, i, end - i);
                    i = end;
                    break;
                }
                default:
                    throw new IllegalStateException();
            }
        }
    }

    /** The peer closed the connection; completes a close-delimited body. Returns true if that ended a response cleanly. */
    public boolean onEof() {
        if (state == State.UNTIL_EOF) {
            complete();
            return true;
        }
        return false;
    }

    private boolean endsHead() {
        int n = headLen;
        return (n >= 4 && head[n - 4] == '\r' && head[n - 3] == '\n' && head[n - 2] == '\r')
                || (n >= 2 && head[n - 2] == '\n');
    }

    private void parseHead() {
        String text = new String(head, 0, headLen, StandardCharsets.ISO_8859_1);
        headLen = 0;
        String[] lines = text.split("\r?\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new IllegalStateException("bad status line: " + lines[0]);
        }
        int status = Integer.parseInt(statusLine[1].trim());
        Map<String, String> headers = new HashMap<>();
        for (int k = 1; k < lines.length; k++) {
            int c = lines[k].indexOf(':');
            if (c > 0) {
                headers.put(lines[k].substring(0, c).trim().toLowerCase(Locale.ROOT), lines[k].substring(c + 1).trim());
            }
        }
        if (status >= 100 && status < 200) {
            return; // interim response, wait for the real one
        }
        handler.onHead(status, headers);
        String te = headers.get("transfer-encoding");
        String cl = headers.get("content-length");
        if (noBody || status == 204 || status == 304) {
            complete();
        } else if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            startChunk();
        } else if (cl != null) {
            remaining = Long.parseLong(cl);
            if (remaining == 0) {
                complete();
            } else {
                state = State.LENGTH;
            }
        } else {
            state = State.UNTIL_EOF;
        }
    }

    private void startChunk() {
        state = State.CHUNK_SIZE;
        remaining = 0;
        sizeDigits = false;
        sizeExt = false;
    }

    private void complete() {
        state = State.HEAD;
        headLen = 0;
        noBody = false;
        handler.onComplete();
    }
}
