package io.herald.examples.orders;

import jakarta.json.Json;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One order, as stored; its JSON is what the feed carries. */
@Entity
@Table(name = "FEED_ORDER")
public class PlacedOrder {

    @Id
    @GeneratedValue
    private Long id;
    private String item;
    private int quantity;
    private String status;
    private Instant placedAt;

    protected PlacedOrder() {
    }

    public PlacedOrder(String item, int quantity) {
        this.item = item;
        this.quantity = quantity;
        this.status = "placed";
        this.placedAt = Instant.now();
    }

    public Long getId() {
        return id;
    }

    public void ship() {
        status = "shipped";
    }

    public String toJson() {
        return Json.createObjectBuilder().add("id", id).add("item", item).add("quantity", quantity)
                .add("status", status).add("placedAt", placedAt.toString()).build().toString();
    }
}
