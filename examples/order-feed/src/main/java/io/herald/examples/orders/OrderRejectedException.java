package io.herald.examples.orders;

/** The service refused an order after saving it: its transaction rolls back (unchecked). */
public class OrderRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OrderRejectedException(String message) {
        super(message);
    }
}
