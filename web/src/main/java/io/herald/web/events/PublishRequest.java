package io.herald.web.events;

import io.herald.api.Event;
import io.herald.web.problem.ProblemException;
import io.herald.web.json.EventJson;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * What a publish asks for, decoded and validated from either body form:
 * {@code application/json} {@code {"type":"notice","data":<any JSON value>}} (data kept as its
 * JSON text) or a {@code text/plain} body with the type from {@code ?type=}.
 *
 * @param type the event type, or {@code null}
 * @param data the payload text, never empty
 */
record PublishRequest(String type, String data) {

    PublishRequest {
        if (!Event.isValidType(type)) {
            throw ProblemException.badRequest("invalid-type", "Invalid event type",
                    "type must be 1-" + Event.MAX_TYPE_LENGTH + " characters without CR, LF or NUL");
        }
        if (!Event.isPublishableType(type)) {
            throw ProblemException.badRequest("invalid-type", "Invalid event type",
                    "type \"" + Event.RESET_TYPE + "\" is reserved: it is the frame that tells a stream it missed events");
        }
        if (data == null || data.isEmpty()) {
            throw missingData();
        }
    }

    /**
     * From a JSON object body: strict UTF-8 (a leading byte order mark is ignored, as RFC 8259
     * allows), one object, no member twice at any depth. {@code data} must be present and not
     * {@code null}; {@code type} is optional and must be a string; other members are ignored.
     *
     * <p>The body is read as parser events, never as a {@code JsonValue} tree: building one turns
     * every number into a {@code BigDecimal}, which the parser refuses for long numbers and cannot
     * do for exponents such as {@code 1e99999999999} (an exception that is not a
     * {@code JsonException}), and which rewrites {@code 1e2} as {@code 1E+2}. {@code data} is
     * kept as compact JSON text with every number exactly as the client wrote it. Any failure of
     * the parser, whatever its class, is the client's malformed input: 400, never 500.
     */
    static PublishRequest fromJson(byte[] body) {
        String text = utf8(body);
        String type = null;
        String data = null;
        boolean typeSeen = false;
        try (JsonParser parser = EventJson.JSON.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw malformed("The body must be a JSON object: {\"type\":\"...\",\"data\":<any JSON value>}");
            }
            Set<String> members = new HashSet<>();
            for (JsonParser.Event event = parser.next(); event != JsonParser.Event.END_OBJECT; event = parser.next()) {
                String name = parser.getString(); // the parser only gives a KEY_NAME here
                if (!members.add(name)) {
                    throw duplicate(name);
                }
                JsonParser.Event value = parser.next();
                if ("type".equals(name)) {
                    typeSeen = true;
                    type = typeOf(parser, value);
                } else if ("data".equals(name)) {
                    data = value == JsonParser.Event.VALUE_NULL ? null : copyValue(parser, value, new StringBuilder()).toString();
                } else {
                    copyValue(parser, value, null); // validated, not kept
                }
            }
            if (parser.hasNext()) { // a reader would silently ignore what follows the first value
                throw malformed("Nothing may follow the JSON object");
            }
        } catch (ProblemException problem) {
            throw problem;
        } catch (RuntimeException malformed) { // JsonException, NumberFormatException, ... : all the input's fault
            throw malformed("The body is not valid JSON: expected {\"type\":\"...\",\"data\":<any JSON value>}");
        }
        if (data == null) {
            throw missingData();
        }
        return new PublishRequest(typeSeen ? type : null, data);
    }

    /** Strict UTF-8 (RFC 8259: JSON exchanged between systems is UTF-8), a leading BOM dropped. */
    private static String utf8(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ProblemException.badRequest("malformed-json", "Malformed JSON", "The body is not valid UTF-8");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /**
     * Writes the value that starts with {@code first} to {@code out} (null: only walk it) as compact
     * JSON: strings re-escaped by JSON-P, numbers as their source text. Iterative, so nesting depth
     * costs no stack (the parser bounds it).
     */
    private static StringBuilder copyValue(JsonParser parser, JsonParser.Event first, StringBuilder out) {
        Deque<Set<String>> objects = new ArrayDeque<>();
        int depth = 0;
        boolean comma = false;
        JsonParser.Event event = first;
        while (true) {
            switch (event) {
                case START_OBJECT, START_ARRAY -> {
                    append(out, comma ? "," : "", event == JsonParser.Event.START_OBJECT ? "{" : "[");
                    if (event == JsonParser.Event.START_OBJECT) {
                        objects.push(new HashSet<>());
                    }
                    depth++;
                    comma = false;
                }
                case END_OBJECT, END_ARRAY -> {
                    append(out, "", event == JsonParser.Event.END_OBJECT ? "}" : "]");
                    if (event == JsonParser.Event.END_OBJECT) {
                        objects.pop();
                    }
                    depth--;
                    comma = true;
                }
                case KEY_NAME -> {
                    String name = parser.getString();
                    if (!objects.peek().add(name)) {
                        throw duplicate(name);
                    }
                    append(out, comma ? "," : "", quoted(name) + ":");
                    comma = false;
                }
                case VALUE_STRING -> {
                    append(out, comma ? "," : "", quoted(parser.getString()));
                    comma = true;
                }
                case VALUE_NUMBER -> {
                    append(out, comma ? "," : "", parser.getString()); // the source text, validated by the parser
                    comma = true;
                }
                case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> {
                    append(out, comma ? "," : "", event == JsonParser.Event.VALUE_TRUE ? "true"
                            : event == JsonParser.Event.VALUE_FALSE ? "false" : "null");
                    comma = true;
                }
            }
            if (depth == 0) {
                return out;
            }
            event = parser.next();
        }
    }

    private static void append(StringBuilder out, String separator, String text) {
        if (out != null) {
            out.append(separator).append(text);
        }
    }

    /**
     * A JSON string literal of {@code s}, escaped by JSON-P. A lone UTF-16 surrogate (an escaped
     * {@code \\uD800} without its pair) is refused: it cannot be encoded as UTF-8 for the
     * subscribers, so forwarding it would silently corrupt the data.
     */
    private static String quoted(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw malformed("A JSON string holds an unpaired UTF-16 surrogate (\\u" + Integer.toHexString(c).toUpperCase()
                        + "), which has no UTF-8 form");
            }
        }
        return EventJson.JSON.createValue(s).toString();
    }

    /** From a plain-text body in {@code charset}; bytes that are not valid in it are a 400. */
    static PublishRequest fromText(byte[] body, Charset charset, String type) {
        String data;
        try {
            data = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ProblemException.badRequest("malformed-text", "Malformed text",
                    "The body is not valid " + charset.name());
        }
        return new PublishRequest(type, data);
    }

    private static String typeOf(JsonParser parser, JsonParser.Event value) {
        if (value == JsonParser.Event.VALUE_NULL) {
            return null;
        }
        if (value == JsonParser.Event.VALUE_STRING) {
            String type = parser.getString();
            quoted(type); // refuses a lone surrogate
            return type;
        }
        throw ProblemException.badRequest("invalid-type", "Invalid event type", "type must be a JSON string");
    }

    private static ProblemException malformed(String detail) {
        return ProblemException.badRequest("malformed-json", "Malformed JSON", detail);
    }

    private static ProblemException duplicate(String name) {
        // parsers disagree on which of two equal members counts (first or last): refuse rather than guess
        return malformed("A JSON object has the member " + quoted(name) + " more than once");
    }

    private static ProblemException missingData() {
        return ProblemException.badRequest("missing-data", "Missing data",
                "An event needs data: a non-null \"data\" member in JSON, or a non-empty text/plain body");
    }
}
