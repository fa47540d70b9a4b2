package io.herald.examples.orders;

import io.herald.jakarta.publish.TopicEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Saves orders and tells the feed, in one transaction: the {@link TopicEvent} fired here is published
 * by Herald once the transaction commits (the row is in the database by then), and never if it rolls
 * back. No Herald call, only a CDI event.
 */
@ApplicationScoped
public class OrderService {

    @PersistenceContext(unitName = "orders")
    EntityManager em;

    @Inject
    Event<TopicEvent> feed;

    /**
     * Saves an order and announces it as {@code created}.
     *
     * @param reject refuse it after saving and announcing (the transaction rolls back: nobody hears of it)
     */
    @Transactional
    public PlacedOrder place(String item, int quantity, boolean reject) {
        PlacedOrder order = new PlacedOrder(item, quantity);
        em.persist(order);
        em.flush();
        feed.fire(new TopicEvent(OrderFeed.TOPIC, "created", order.toJson()));
        if (reject) {
            throw new OrderRejectedException("order for " + item + " rejected after it was saved");
        }
        return order;
    }

    public List<PlacedOrder> all() {
        return em.createQuery("select o from PlacedOrder o order by o.id", PlacedOrder.class).getResultList();
    }

    public long count(String item) {
        return em.createQuery("select count(o) from PlacedOrder o where o.item = :item", Long.class)
                .setParameter("item", item).getSingleResult();
    }

    /** Marks an order shipped (for the caller's transaction), or null if there is none. */
    public PlacedOrder ship(long id) {
        PlacedOrder order = em.find(PlacedOrder.class, id);
        if (order != null) {
            order.ship();
        }
        return order;
    }
}
