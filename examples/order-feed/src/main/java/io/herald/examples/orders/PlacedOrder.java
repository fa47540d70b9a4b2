package io.herald.examples.orders;

import jakarta.json.Json;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One order, as stored on the server's default datasource; its JSON is what the feed carries. Ids come
 * from a sequence: EclipseLink's IDENTITY columns for H2 are a syntax H2 2.x (Payara's) refuses.
 */
@Entity
@Table(name = "FEED_ORDER")
public class PlacedOrder {

    @Id
    @SequenceGenerator(name = "order_ids", sequenceName = "FEED_ORDER_IDS", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "order_ids")
    private Long id;
    private String item;
    private int quantity;
    private String status;
    /** ISO-8601 text: EclipseLink maps Instant to a column type H2 2.x refuses. */
    private String placedAt;

    protected PlacedOrder() {
    }

    public PlacedOrder(String item, int quantity) {
        this.item = item;
        this.quantity = quantity;
        this.status = "placed";
        this.placedAt = Instant.now().toString();
    }

    public Long getId() {
        return id;
    }

    public void ship() {
        status = "shipped";
    }

    public String toJson() {
        return Json.createObjectBuilder().add("id", id).add("item", item).add("quantity", quantity)
                .add("status", status).add("placedAt", placedAt).build().toString();
    }
}
