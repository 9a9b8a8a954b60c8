package dev.katka.connector.outbound.app;

/** An application's own value class, sent as JSON. */
public class Order {
    public String item;
    public int quantity;
}
