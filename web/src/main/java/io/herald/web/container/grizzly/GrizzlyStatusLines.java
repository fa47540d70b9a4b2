package io.herald.web.container.grizzly;

import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.server.Response;

/** Sets the reason phrase of a status on Grizzly's response (Payara), which the servlet API cannot. */
final class GrizzlyStatusLines {

    private GrizzlyStatusLines() {
    }

    /**
     * What sets the phrase {@code phrases} gives a status on {@code containerResponse}; null if
     * that is not Grizzly's response. A status without a phrase keeps the container's.
     */
    static IntConsumer phraseSetter(Object containerResponse, IntFunction<String> phrases) {
        if (!(containerResponse instanceof Response grizzly)) {
            return null;
        }
        HttpResponsePacket packet = grizzly.getResponse();
        return status -> {
            String standard = phrases.apply(status);
            if (standard != null) {
                packet.setReasonPhrase(standard);
            }
        };
    }
}
