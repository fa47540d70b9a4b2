package io.herald.it.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every form a client can give one request path that a server may still route to the same
 * resource: matrix parameters on any segment, {@code ;jsessionid=}, percent-encoded characters
 * (upper and lower case hex) in any segment, a trailing slash, dot segments, doubled slashes, the
 * absolute form ({@code http://host/path}).
 * Each form keeps the query string as it is.
 */
final class PathForms {

    private PathForms() {
    }

    /**
     * @param path  an absolute path without query, e.g. {@code /topics/private.leak/stream}
     * @param query the query string without {@code ?}, or empty
     * @return form name -> request target (path plus query)
     */
    static Map<String, String> of(String path, String query) {
        String[] segments = path.substring(1).split("/", -1);
        Map<String, String> forms = new LinkedHashMap<>();
        forms.put("as is", path);
        for (int i = 0; i < segments.length; i++) {
            forms.put("matrix on segment " + i, join(with(segments, i, segments[i] + ";x=1")));
            forms.put("empty matrix on segment " + i, join(with(segments, i, segments[i] + ";")));
            forms.put("escaped first letter of segment " + i, join(with(segments, i, escapeFirst(segments[i], true))));
            forms.put("escaped (lower hex) first letter of segment " + i, join(with(segments, i, escapeFirst(segments[i], false))));
            if (segments[i].contains(".")) {
                forms.put("escaped dot in segment " + i, join(with(segments, i, segments[i].replace(".", "%2E"))));
                forms.put("escaped (lower hex) dot in segment " + i, join(with(segments, i, segments[i].replace(".", "%2e"))));
            }
            forms.put("doubled slash before segment " + i, join(insert(segments, i, "")));
            forms.put("dot segment before segment " + i, join(insert(segments, i, ".")));
            forms.put("x/.. before segment " + i, join(insert(insert(segments, i, ".."), i, "x")));
            forms.put("escaped dot segment before segment " + i, join(insert(segments, i, "%2E")));
        }
        forms.put("jsessionid", path + ";jsessionid=0123456789ABCDEF");
        forms.put("trailing slash", path + "/");
        forms.put("trailing dot segment", path + "/.");
        forms.put("trailing slash with matrix", path + "/;x=1");
        forms.put("leading double slash", "/" + path);
        // the absolute form, which a client sends to a proxy and a server must accept (RFC 9112 3.2.2)
        forms.put("absolute form", "http://herald.example" + path);
        forms.put("absolute form, upper-case scheme and host, a port", "HTTP://HERALD.EXAMPLE:80" + path);
        forms.put("absolute form with an escaped first letter", "http://herald.example" + join(with(segments, segments.length - 1,
                escapeFirst(segments[segments.length - 1], true))));
        Map<String, String> targets = new LinkedHashMap<>();
        forms.forEach((name, p) -> targets.put(name, query.isEmpty() ? p : p + "?" + query));
        return targets;
    }

    private static String escapeFirst(String segment, boolean upper) {
        if (segment.isEmpty()) {
            return segment;
        }
        String hex = String.format(upper ? "%%%02X" : "%%%02x", (int) segment.charAt(0));
        return hex + segment.substring(1);
    }

    private static String[] with(String[] segments, int i, String value) {
        String[] copy = segments.clone();
        copy[i] = value;
        return copy;
    }

    private static String[] insert(String[] segments, int i, String value) {
        List<String> list = new ArrayList<>(List.of(segments));
        list.add(i, value);
        return list.toArray(String[]::new);
    }

    private static String join(String[] segments) {
        return "/" + String.join("/", segments);
    }
}
