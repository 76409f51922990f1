package io.shmproc.benchmarks.codec;

import java.io.Serializable;
import java.util.Objects;

/**
 * The small object of the serializer benchmark: a trade-like event with a long, an int, a double and a short
 * string, as a typical queue message. Mutable with a no-argument constructor so every serializer can build it.
 */
public final class SmallObject implements Serializable {
    private static final long serialVersionUID = 1L;

    private long id;
    private int quantity;
    private double price;
    private String symbol;

    /** For serializers. */
    public SmallObject() {
    }

    /**
     * Creates an object.
     *
     * @param id       an id
     * @param quantity a quantity
     * @param price    a price
     * @param symbol   a short string
     */
    public SmallObject(final long id, final int quantity, final double price, final String symbol) {
        this.id = id;
        this.quantity = quantity;
        this.price = price;
        this.symbol = symbol;
    }

    /**
     * The id.
     *
     * @return the id
     */
    public long id() {
        return id;
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof SmallObject && ((SmallObject) other).id == id
            && ((SmallObject) other).quantity == quantity && ((SmallObject) other).price == price
            && Objects.equals(((SmallObject) other).symbol, symbol);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + quantity;
    }

    @Override
    public String toString() {
        return "SmallObject[" + id + ", " + quantity + ", " + price + ", " + symbol + "]";
    }
}
