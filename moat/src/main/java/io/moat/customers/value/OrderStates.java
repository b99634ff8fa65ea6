package io.moat.customers.value;

/**
 * A batch of orders as {@link RfmEngine} takes them, column by column: row {@code i} is the current state of order
 * {@code orderNo[i]} (a dense per-workspace number), bought by customer {@code customerNo[i]} (dense too), paid on
 * {@code paidDay[i]} (epoch day in the workspace's time zone) for a net amount of {@code netFen[i]} (paid minus
 * refunded so far). A refund is the same order again with a lower net amount; at zero it stops counting.
 */
public record OrderStates(int[] orderNo, int[] customerNo, int[] paidDay, long[] netFen, int size) {

    public OrderStates {
        if (size < 0
                || orderNo.length < size
                || customerNo.length < size
                || paidDay.length < size
                || netFen.length < size) {
            throw new IllegalArgumentException("every column needs at least " + size + " rows");
        }
    }

    public static OrderStates of(int[] orderNo, int[] customerNo, int[] paidDay, long[] netFen) {
        return new OrderStates(orderNo, customerNo, paidDay, netFen, orderNo.length);
    }
}
