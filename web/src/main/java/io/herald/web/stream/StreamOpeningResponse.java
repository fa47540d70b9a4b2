package io.herald.web.stream;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * A stream request's response as the JAX-RS runtime writes its head: line ends it writes before
 * an event stream's first frame are left out. RESTEasy (WildFly, Open Liberty) commits a stream by
 * writing an empty line pair ahead of it, which Jersey does not, so the same stream began with
 * other bytes on other servers. Before any field an empty line dispatches nothing (an SSE parser
 * ignores it), so only the bytes change, and only while nothing else has been written.
 *
 * <p>Writes come one at a time from the runtime (it serializes them, asynchronous ones included),
 * so the one flag needs no lock; the output stream is made once, under the response's lock.
 */
final class StreamOpeningResponse extends HttpServletResponseWrapper {

    private LeadTrimmingOutput output; // guarded by this

    StreamOpeningResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public synchronized ServletOutputStream getOutputStream() throws IOException {
        if (output == null) {
            output = new LeadTrimmingOutput(super.getOutputStream(), this);
        }
        return output;
    }

    /** The servlet output stream, without the line ends that come before an event stream's first byte. */
    private static final class LeadTrimmingOutput extends ServletOutputStream {

        private final ServletOutputStream out;
        private final HttpServletResponse response;
        private boolean leading = true;

        LeadTrimmingOutput(ServletOutputStream out, HttpServletResponse response) {
            this.out = out;
            this.response = response;
        }

        /** Whether {@code b} is a line end written ahead of an event stream's first field. */
        private boolean dropped(byte b) {
            if (leading && (b == '\n' || b == '\r') && StreamHandoffFilter.isEventStream(response)) {
                return true;
            }
            leading = false;
            return false;
        }

        @Override
        public void write(int b) throws IOException {
            if (!dropped((byte) b)) {
                out.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int start = off;
            int end = off + len;
            while (leading && start < end && dropped(b[start])) {
                start++;
            }
            if (start < end) {
                out.write(b, start, end - start);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
