package io.herald.web.container;

import java.util.Map;

/**
 * A whole response the lane gives a container to send as it is ({@link DirectLane#unreadableTarget}).
 *
 * @param status  the HTTP status
 * @param headers beside those the container owns ({@code Content-Length} is computed)
 * @param body    empty for none
 */
public record DirectAnswer(int status, Map<String, String> headers, byte[] body) {

    public DirectAnswer {
        headers = Map.copyOf(headers);
    }
}
