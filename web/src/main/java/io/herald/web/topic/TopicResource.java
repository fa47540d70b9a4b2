package io.herald.web.topic;

import io.herald.api.Hub;
import io.herald.web.input.TopicParam;
import io.herald.web.json.EventJson;
import io.herald.web.security.TopicAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /topics/{topic}}: {@code {topic, streams, polls, subscribers, lastId, buffered}}.
 * Topics exist implicitly, so an unused name reports zeros rather than 404.
 */
@Path("topics/{topic}")
@ApplicationScoped
public class TopicResource {

    @Inject
    Hub hub;

    @GET
    @TopicAccess(TopicAccess.Kind.READ)
    @Produces(MediaType.APPLICATION_JSON)
    public String info(@PathParam("topic") String topic) {
        return EventJson.toJsonText(hub.info(TopicParam.require(topic)));
    }
}
