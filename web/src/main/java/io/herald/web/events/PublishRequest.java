package io.herald.web.events;

import io.herald.api.Event;
import io.herald.web.problem.ProblemException;
import io.herald.web.json.EventJson;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.NoSuchElementException;

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
        if (data == null || data.isEmpty()) {
            throw missingData();
        }
    }

    /**
     * From a JSON object body. {@code data} must be present and not {@code null}; {@code type} is
     * optional and must be a string.
     */
    static PublishRequest fromJson(byte[] body) {
        JsonValue parsed;
        try (JsonParser parser = EventJson.JSON.createParser(new ByteArrayInputStream(body))) {
            parser.next();
            parsed = parser.getValue();
            if (parser.hasNext()) { // a reader would silently ignore what follows the first value
                throw new JsonException("content after the JSON value");
            }
        } catch (JsonException | IllegalStateException | NoSuchElementException malformed) {
            throw ProblemException.badRequest("malformed-json", "Malformed JSON",
                    "The body is not valid JSON: expected {\"type\":\"...\",\"data\":<any JSON value>}");
        }
        if (!(parsed instanceof JsonObject object)) {
            throw ProblemException.badRequest("malformed-json", "Malformed JSON",
                    "The body must be a JSON object: {\"type\":\"...\",\"data\":<any JSON value>}");
        }
        JsonValue data = object.get("data");
        if (data == null || data.getValueType() == JsonValue.ValueType.NULL) {
            throw missingData();
        }
        return new PublishRequest(typeOf(object.get("type")), data.toString());
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

    private static String typeOf(JsonValue type) {
        if (type == null || type.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (type instanceof JsonString string) {
            return string.getString();
        }
        throw ProblemException.badRequest("invalid-type", "Invalid event type", "type must be a JSON string");
    }

    private static ProblemException missingData() {
        return ProblemException.badRequest("missing-data", "Missing data",
                "An event needs data: a non-null \"data\" member in JSON, or a non-empty text/plain body");
    }
}
