package io.herald.bench;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A target profile: only URLs, headers and how a long-poll response is read differ. */
public enum Target {
    HERALD {
        @Override
        String streamPath(String topic) {
            return "/topics/" + topic + "/stream";
        }

        @Override
        String publishPath(String topic) {
            return "/topics/" + topic + "/events";
        }

        @Override
        String pollRequestLine(String topic, PollState st, int timeoutS) {
            return "GET /topics/" + topic + "/poll?since=" + st.since + "&timeout=" + timeoutS + " HTTP/1.1\r\n"
                    + "Accept: application/json\r\n";
        }

        @Override
        void onPollResponse(int status, Map<String, String> headers, String body, PollState st,
                java.util.function.Consumer<String> dataSink) {
            // JSON array of events: [{"id":N,...,"data":"seq,nanos,step",...}, ...]
            Matcher id = ID.matcher(body);
            while (id.find()) {
                st.since = Math.max(st.since, Long.parseLong(id.group(1)));
            }
            Matcher d = DATA.matcher(body);
            while (d.find()) {
                dataSink.accept(d.group(1));
            }
        }
    },
    /**
     * Herald on WildFly (bench/run.sh's {@code wildfly} target): the same WAR and HTTP API as
     * {@link #HERALD}, so the same requests; a target of its own so that runs and results are
     * told apart.
     */
    WILDFLY {
        @Override
        String streamPath(String topic) {
            return HERALD.streamPath(topic);
        }

        @Override
        String publishPath(String topic) {
            return HERALD.publishPath(topic);
        }

        @Override
        String pollRequestLine(String topic, PollState st, int timeoutS) {
            return HERALD.pollRequestLine(topic, st, timeoutS);
        }

        @Override
        void onPollResponse(int status, Map<String, String> headers, String body, PollState st,
                java.util.function.Consumer<String> dataSink) {
            HERALD.onPollResponse(status, headers, body, st, dataSink);
        }
    },
    NCHAN {
        @Override
        String streamPath(String topic) {
            return "/sub/" + topic;
        }

        @Override
        String publishPath(String topic) {
            return "/pub/" + topic;
        }

        @Override
        String pollRequestLine(String topic, PollState st, int timeoutS) {
            StringBuilder sb = new StringBuilder("GET /poll/").append(topic).append(" HTTP/1.1\r\n");
            if (st.lastModified != null) {
                sb.append("If-Modified-Since: ").append(st.lastModified).append("\r\n");
            }
            if (st.etag != null) {
                sb.append("If-None-Match: ").append(st.etag).append("\r\n");
            }
            return sb.toString();
        }

        @Override
        void onPollResponse(int status, Map<String, String> headers, String body, PollState st,
                java.util.function.Consumer<String> dataSink) {
            // body is the raw message; Last-Modified + Etag identify it for the next request
            st.lastModified = headers.get("last-modified");
            st.etag = headers.get("etag");
            dataSink.accept(body);
        }
    };

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"?(\\d+)");
    private static final Pattern DATA = Pattern.compile("\"data\"\\s*:\\s*\"(\\d+,\\d+,\\d+)[^\"]*\"");

    abstract String streamPath(String topic);

    abstract String publishPath(String topic);

    /** Request line plus target-specific headers (each ending CRLF), without Host and the final blank line. */
    abstract String pollRequestLine(String topic, PollState st, int timeoutS);

    abstract void onPollResponse(int status, Map<String, String> headers, String body, PollState st,
            java.util.function.Consumer<String> dataSink);

    /** Long-poll cursor. */
    static final class PollState {
        long since;
        String lastModified;
        String etag;
    }
}
