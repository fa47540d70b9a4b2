package io.herald.web.events;

import io.herald.web.problem.ProblemException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body but never more than the limit: one byte over is a 413, not a bigger buffer. */
final class BoundedBody {

    private BoundedBody() {
    }

    /**
     * The whole body, at most {@code maxBytes} long. A declared {@code Content-Length} above the
     * limit is refused before reading anything.
     */
    static byte[] read(InputStream body, long declaredLength, int maxBytes) {
        if (declaredLength > maxBytes) {
            throw tooLarge(maxBytes);
        }
        int expected = declaredLength >= 0 ? (int) declaredLength : 1024;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.min(expected, maxBytes) + 1);
        byte[] chunk = new byte[8192];
        try {
            int n;
            while ((n = body.read(chunk, 0, Math.min(chunk.length, maxBytes + 1 - bytes.size()))) > 0) {
                bytes.write(chunk, 0, n);
                if (bytes.size() > maxBytes) {
                    throw tooLarge(maxBytes);
                }
            }
        } catch (IOException clientAborted) {
            throw ProblemException.badRequest("unreadable-body", "Unreadable body",
                    "The request body could not be read completely");
        }
        return bytes.toByteArray();
    }

    private static ProblemException tooLarge(int maxBytes) {
        return ProblemException.of(413, "body-too-large", "Content Too Large",
                "The event body may be at most " + maxBytes + " bytes");
    }
}
