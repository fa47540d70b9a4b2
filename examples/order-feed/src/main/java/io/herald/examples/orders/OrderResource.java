package io.herald.examples.orders;

import io.herald.api.Event;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * The order feed over HTTP, on the standard JAX-RS SSE API only: {@code GET api/orders/stream}
 * registers the client's sink with the feed's {@code SseBroadcaster} (which resumes from its
 * {@code Last-Event-ID}), {@code POST api/orders} places an order through the transactional service,
 * {@code POST api/orders/{id}/ship} broadcasts inside a transaction, {@code POST api/orders/notices}
 * broadcasts outside one.
 */
@Path("orders")
@RequestScoped
public class OrderResource {

    @Inject
    OrderService orders;

    @Inject
    OrderFeed feed;

    @Context
    Sse sse;

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@Context SseEventSink sink) {
        feed.broadcaster().register(sink);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response place(@FormParam("item") String item, @FormParam("quantity") @DefaultValue("1") int quantity,
                          @QueryParam("reject") boolean reject) {
        if (item == null || item.isBlank()) {
            throw new WebApplicationException("item is required", 400);
        }
        try {
            return Response.status(201).entity(orders.place(item, quantity, reject).toJson()).build();
        } catch (OrderRejectedException e) {
            return Response.status(409).type(MediaType.TEXT_PLAIN).entity(e.getMessage()).build();
        }
    }

    /**
     * Ships an order: updates the row and broadcasts {@code shipped} through the standard API, both in
     * this method's transaction, so the event goes out after the commit; {@code ?fail=true} fails the
     * method after the broadcast (rollback: nobody hears of it).
     */
    @POST
    @Path("{id}/ship")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    public String ship(@PathParam("id") long id, @QueryParam("fail") boolean fail) {
        PlacedOrder order = orders.ship(id);
        if (order == null) {
            throw new NotFoundException();
        }
        feed.broadcaster().broadcast(sse.newEventBuilder().name("shipped")
                .mediaType(MediaType.APPLICATION_JSON_TYPE).data(String.class, order.toJson()).build());
        if (fail) {
            throw new WebApplicationException("shipping failed after the broadcast", 409);
        }
        return order.toJson();
    }

    /** A notice to every client, outside any transaction: published at once; answers its id. */
    @POST
    @Path("notices")
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.APPLICATION_JSON)
    public Response notice(String text) {
        Event published = (Event) feed.broadcaster()
                .broadcast(sse.newEventBuilder().name("notice").data(text).build())
                .toCompletableFuture().join();
        return Response.status(201).entity(Json.createObjectBuilder().add("id", published.id()).build().toString())
                .build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String list() {
        JsonArrayBuilder all = Json.createArrayBuilder();
        orders.all().forEach(o -> all.add(Json.createReader(new java.io.StringReader(o.toJson())).readObject()));
        return all.build().toString();
    }

    @GET
    @Path("count")
    @Produces(MediaType.TEXT_PLAIN)
    public long count(@QueryParam("item") String item) {
        return orders.count(item);
    }

    /** How many sinks the broadcaster's onClose / onError listeners heard of (the tests read it). */
    @GET
    @Path("sinks")
    @Produces(MediaType.APPLICATION_JSON)
    public String sinks() {
        return Json.createObjectBuilder().add("closed", feed.closedSinks()).add("failed", feed.failedSinks())
                .build().toString();
    }
}
