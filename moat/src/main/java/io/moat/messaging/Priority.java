package io.moat.messaging;

/**
 * How much a send matters when WeCom's monthly receive quota runs short. A customer's quota is shared by every
 * send; lower priorities may not use the last places: {@code normal} leaves {@code reserve} places, {@code low}
 * twice as many (the workspace's policy sets {@code reserve}, default 1), so a low-value campaign cannot crowd out
 * an order notice.
 */
public enum Priority {
    HIGH(0),
    NORMAL(1),
    LOW(2);

    private final int placesKeptBack;

    Priority(int placesKeptBack) {
        this.placesKeptBack = placesKeptBack;
    }

    /** Quota places this priority may not use, in multiples of the policy's reserve. */
    public int placesKeptBack(int reserve) {
        return placesKeptBack * reserve;
    }
}
