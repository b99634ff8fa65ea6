package io.moat.bench;

import io.moat.customers.value.OrderStates;
import java.util.SplittableRandom;

/**
 * Seeded orders for B5: {@code customers} customers and {@code orders} orders paid over the two years up to
 * {@link #TODAY}. Buyers are skewed (an order's buyer is drawn with density ∝ x^-3/4 over a shuffled customer
 * order): most buyers have 1–5 orders, a long tail has hundreds, and some customers never buy. Amounts are
 * log-normal around 80 yuan, in fen; 5 % of orders are refunded, two in five of those in full. Later days are
 * busier (the shop grows).
 */
record RfmData(int customers, OrderStates orders, OrderStates delta) {

    /** 2026-11-01 as an epoch day. */
    static final int TODAY = 20_758;

    static final int DAYS = 730;

    static RfmData generate(int customers, int orders, int newOrders, int refunds, long seed) {
        var random = new SplittableRandom(seed);
        OrderStates base = orders(customers, 0, orders, TODAY - DAYS + 1, DAYS, random);
        OrderStates fresh = orders(customers, orders, newOrders, TODAY + 1, 1, random);
        int rows = newOrders + refunds;
        int[] orderNo = new int[rows];
        int[] customerNo = new int[rows];
        int[] paidDay = new int[rows];
        long[] netFen = new long[rows];
        System.arraycopy(fresh.orderNo(), 0, orderNo, 0, newOrders);
        System.arraycopy(fresh.customerNo(), 0, customerNo, 0, newOrders);
        System.arraycopy(fresh.paidDay(), 0, paidDay, 0, newOrders);
        System.arraycopy(fresh.netFen(), 0, netFen, 0, newOrders);
        for (int i = newOrders; i < rows; i++) {
            int o = random.nextInt(orders);
            orderNo[i] = o;
            customerNo[i] = base.customerNo()[o];
            paidDay[i] = base.paidDay()[o];
            netFen[i] = random.nextBoolean() ? 0 : base.netFen()[o] / 2;
        }
        return new RfmData(customers, base, new OrderStates(orderNo, customerNo, paidDay, netFen, rows));
    }

    private static OrderStates orders(
            int customers, int firstOrder, int count, int firstDay, int days, SplittableRandom random) {
        int[] orderNo = new int[count];
        int[] customerNo = new int[count];
        int[] paidDay = new int[count];
        long[] netFen = new long[count];
        for (int i = 0; i < count; i++) {
            orderNo[i] = firstOrder + i;
            double u = random.nextDouble();
            int rank = (int) (customers * (u * u * u * u));
            customerNo[i] = (int) ((rank * 999_983L) % customers);
            paidDay[i] = firstDay + (int) (days * Math.sqrt(random.nextDouble()));
            long paid = Math.max(100, Math.round(Math.exp(Math.log(8_000) + 0.8 * random.nextGaussian())));
            netFen[i] = paid;
            if (random.nextInt(20) == 0) {
                netFen[i] = random.nextInt(5) < 2 ? 0 : paid - paid * (10 + random.nextInt(80)) / 100;
            }
        }
        return new OrderStates(orderNo, customerNo, paidDay, netFen, count);
    }
}
