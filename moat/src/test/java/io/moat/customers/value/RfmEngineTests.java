package io.moat.customers.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class RfmEngineTests {

    private static final int TODAY = 20_000;

    @Test
    void aggregatesCountingOrdersPerCustomer() {
        var engine = new RfmEngine();
        engine.apply(OrderStates.of(
                new int[] {0, 1, 2, 3}, new int[] {0, 0, 1, 2}, new int[] {100, 105, 90, 80}, new long[] {
                    500, 700, 300, 0
                }));

        assertThat(engine.buyers()).isEqualTo(2);
        assertThat(engine.frequency(0)).isEqualTo(2);
        assertThat(engine.netFen(0)).isEqualTo(1_200);
        assertThat(engine.recencyDays(0, 110)).isEqualTo(5);
        assertThat(engine.isBuyer(2)).as("an order of zero net never counts").isFalse();
    }

    @Test
    void refundsLowerSpendAndAFullRefundStopsTheOrderCounting() {
        var engine = new RfmEngine();
        engine.apply(OrderStates.of(
                new int[] {0, 1, 2}, new int[] {7, 7, 7}, new int[] {10, 30, 20}, new long[] {100, 200, 300}));

        engine.apply(OrderStates.of(new int[] {2}, new int[] {7}, new int[] {20}, new long[] {250}));
        assertThat(engine.netFen(7)).isEqualTo(550);
        assertThat(engine.frequency(7)).isEqualTo(3);

        engine.apply(OrderStates.of(new int[] {1}, new int[] {7}, new int[] {30}, new long[] {0}));
        assertThat(engine.frequency(7)).isEqualTo(2);
        assertThat(engine.netFen(7)).isEqualTo(350);
        assertThat(engine.recencyDays(7, 40))
                .as("the latest counting order left")
                .isEqualTo(20);

        engine.apply(OrderStates.of(new int[] {0, 2}, new int[] {7, 7}, new int[] {10, 20}, new long[] {0, 0}));
        assertThat(engine.isBuyer(7)).isFalse();
        assertThat(engine.buyers()).isZero();
        assertThat(engine.score().buyers()).isZero();
    }

    @Test
    void growsAcrossPagesAndCustomersWithoutLosingState() {
        var engine = new RfmEngine();
        engine.apply(OrderStates.of(new int[] {3}, new int[] {2}, new int[] {50}, new long[] {100}));
        engine.apply(OrderStates.of(
                new int[] {70_000, 300_000}, new int[] {2, 5_000}, new int[] {60, 40}, new long[] {200, 300}));
        engine.apply(OrderStates.of(new int[] {70_000}, new int[] {2}, new int[] {60}, new long[] {0}));

        assertThat(engine.customers()).isEqualTo(5_001);
        assertThat(engine.buyers()).isEqualTo(2);
        assertThat(engine.frequency(2)).isEqualTo(1);
        assertThat(engine.netFen(2)).isEqualTo(100);
        assertThat(engine.recencyDays(2, 60)).isEqualTo(10);
        assertThat(engine.netFen(5_000)).isEqualTo(300);
        assertThat(engine.score().scores(5_000)).isEqualTo(new RfmScores(1, 1, 3));
    }

    @Test
    void anOrderKeepsItsCustomerAndDay() {
        var engine = new RfmEngine();
        engine.apply(OrderStates.of(new int[] {0}, new int[] {1}, new int[] {10}, new long[] {100}));

        assertThatThrownBy(() ->
                        engine.apply(OrderStates.of(new int[] {0}, new int[] {2}, new int[] {10}, new long[] {50})))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scoresTenBuyersLikeTheReference() {
        var engine = new RfmEngine();
        int[] orders = new int[10];
        int[] customers = new int[10];
        int[] days = new int[10];
        long[] net = new long[10];
        for (int i = 0; i < 10; i++) {
            orders[i] = i;
            customers[i] = i;
            days[i] = TODAY - i;
            net[i] = 10L * (i + 1);
        }
        engine.apply(OrderStates.of(orders, customers, days, net));

        RfmTable table = engine.score();
        assertThat(table.buyers()).isEqualTo(10);
        assertThat(table.scores(0)).isEqualTo(new RfmScores(5, 1, 1));
        assertThat(table.scores(9)).isEqualTo(new RfmScores(1, 1, 5));
        assertThat(table.segment(9)).isEqualTo(RfmSegment.CANT_LOSE);
        assertThat(table.countsByScore()[2]).containsExactly(0, 2, 2, 2, 2, 2);
        assertThat(table.isBuyer(10)).isFalse();
    }

    @Test
    void selectionFindsOrderStatisticsOfLargeRanges() {
        var random = new Random(5);
        long[] values = new long[10_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextLong(1L << 40) - (1L << 39);
        }
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        for (int k : new int[] {0, 1, 4_999, 9_998, 9_999}) {
            long[] copy = values.clone();
            QuintileCuts.select(copy, 0, copy.length - 1, k);
            assertThat(copy[k]).isEqualTo(sorted[k]);
        }
    }

    /** The engine scores exactly as RfmScoring.quintiles, with refunds applied in a second batch. */
    @Property(tries = 300)
    void scoresMatchTheReferenceScoring(
            @ForAll @IntRange(min = 1, max = 300) int orderCount,
            @ForAll @IntRange(min = 1, max = 80) int customerCount,
            @ForAll @IntRange(min = 1, max = 400) int daySpread,
            @ForAll @LongRange(min = 1, max = 1L << 45) long maxNet,
            @ForAll long seed) {
        var random = new Random(seed);
        int[] orderNo = new int[orderCount];
        int[] customer = new int[orderCount];
        int[] day = new int[orderCount];
        long[] net = new long[orderCount];
        for (int o = 0; o < orderCount; o++) {
            orderNo[o] = o;
            customer[o] = random.nextInt(customerCount);
            day[o] = TODAY - random.nextInt(daySpread);
            net[o] = random.nextInt(10) == 0 ? 0 : 1 + random.nextLong(maxNet);
        }
        var engine = new RfmEngine();
        engine.apply(OrderStates.of(orderNo, customer, day, net));
        assertMatchesReference(engine, customerCount, customer, day, net);

        List<Integer> refunded = new ArrayList<>();
        for (int o = 0; o < orderCount; o++) {
            if (random.nextInt(4) == 0) {
                refunded.add(o);
                net[o] = random.nextBoolean() ? 0 : net[o] / 2;
            }
        }
        int[] r = refunded.stream().mapToInt(Integer::intValue).toArray();
        int[] rc = new int[r.length];
        int[] rd = new int[r.length];
        long[] rn = new long[r.length];
        for (int i = 0; i < r.length; i++) {
            rc[i] = customer[r[i]];
            rd[i] = day[r[i]];
            rn[i] = net[r[i]];
        }
        engine.apply(OrderStates.of(r, rc, rd, rn));
        assertMatchesReference(engine, customerCount, customer, day, net);
    }

    @Test
    void aFirstBatchThatNamesAnOrderTwiceEndsWithTheOrdersLastState() {
        var engine = new RfmEngine(1, 0);
        engine.apply(OrderStates.of(
                new int[] {0, 1, 2, 1}, new int[] {3, 3, 4, 3}, new int[] {10, 20, 30, 20}, new long[] {100, 200, 300, 0
                }));

        assertThat(engine.frequency(3)).isEqualTo(1);
        assertThat(engine.netFen(3)).isEqualTo(100);
        assertThat(engine.recencyDays(3, 40)).isEqualTo(30);
        assertThat(engine.buyers()).isEqualTo(2);
    }

    @Test
    void aRefundFindsTheLatestCountingOrderAmongTheFirstBatchAndLaterOrders() {
        var engine = new RfmEngine(1, 1);
        engine.apply(
                OrderStates.of(new int[] {5, 2, 9, 4}, new int[] {1, 0, 1, 3}, new int[] {10, 50, 30, 20}, new long[] {
                    100, 200, 300, 400
                }));
        engine.apply(OrderStates.of(new int[] {11}, new int[] {1}, new int[] {40}, new long[] {500}));

        engine.apply(OrderStates.of(new int[] {11}, new int[] {1}, new int[] {40}, new long[] {0}));
        assertThat(engine.recencyDays(1, 60)).as("order 9 of the first batch").isEqualTo(30);
        engine.apply(OrderStates.of(new int[] {9}, new int[] {1}, new int[] {30}, new long[] {0}));
        assertThat(engine.recencyDays(1, 60)).as("order 5 of the first batch").isEqualTo(50);
        assertThat(engine.frequency(1)).isEqualTo(1);
        assertThat(engine.netFen(1)).isEqualTo(100);
    }

    /**
     * However the first batch is built (buckets of 1 to 16 customers, one or two threads, order numbers in any order,
     * orders named twice), new orders and refunds after it leave the engine where the reference scoring of the
     * orders' last states is.
     */
    @Property(tries = 300)
    void aFirstBatchBuiltInBucketsMatchesTheReference(
            @ForAll @IntRange(min = 1, max = 300) int orderCount,
            @ForAll @IntRange(min = 1, max = 80) int customerCount,
            @ForAll @IntRange(min = 0, max = 4) int bucketShift,
            @ForAll boolean twoThreads,
            @ForAll @IntRange(min = 0, max = 2) int namedTwice,
            @ForAll long seed) {
        var random = new Random(seed);
        int[] customer = new int[orderCount];
        int[] day = new int[orderCount];
        long[] net = new long[orderCount];
        List<Integer> rows = new ArrayList<>();
        for (int o = 0; o < orderCount; o++) {
            customer[o] = random.nextInt(customerCount);
            day[o] = TODAY - random.nextInt(300);
            net[o] = random.nextInt(10) == 0 ? 0 : 1 + random.nextLong(1L << 40);
            rows.add(o);
        }
        java.util.Collections.shuffle(rows, random);
        int first = 1 + random.nextInt(orderCount);
        OrderStates firstRows = states(rows.subList(0, first), customer, day, net);
        List<Integer> again = new ArrayList<>();
        for (int i = 0; i < namedTwice; i++) {
            int o = rows.get(random.nextInt(first));
            net[o] = net[o] / 2;
            again.add(o);
        }
        OrderStates againRows = states(again, customer, day, net);
        var engine = new RfmEngine(twoThreads ? 1 : Integer.MAX_VALUE, bucketShift);
        engine.apply(OrderStates.of(
                concat(firstRows.orderNo(), againRows.orderNo()),
                concat(firstRows.customerNo(), againRows.customerNo()),
                concat(firstRows.paidDay(), againRows.paidDay()),
                java.util.stream.LongStream.concat(
                                java.util.Arrays.stream(firstRows.netFen()),
                                java.util.Arrays.stream(againRows.netFen()))
                        .toArray()));
        engine.apply(states(rows.subList(first, orderCount), customer, day, net));
        assertMatchesReference(engine, customerCount, customer, day, net);

        List<Integer> refunded = new ArrayList<>();
        for (int o = 0; o < orderCount; o++) {
            if (random.nextInt(3) == 0) {
                net[o] = random.nextBoolean() ? 0 : net[o] / 3;
                refunded.add(o);
            }
        }
        engine.apply(states(refunded, customer, day, net));
        assertMatchesReference(engine, customerCount, customer, day, net);
    }

    private static int[] concat(int[] a, int[] b) {
        return java.util.stream.IntStream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
                .toArray();
    }

    private static OrderStates states(List<Integer> orders, int[] customer, int[] day, long[] net) {
        int[] orderNo = orders.stream().mapToInt(Integer::intValue).toArray();
        int[] c = new int[orderNo.length];
        int[] d = new int[orderNo.length];
        long[] n = new long[orderNo.length];
        for (int i = 0; i < orderNo.length; i++) {
            c[i] = customer[orderNo[i]];
            d[i] = day[orderNo[i]];
            n[i] = net[orderNo[i]];
        }
        return OrderStates.of(orderNo, c, d, n);
    }

    private static void assertMatchesReference(
            RfmEngine engine, int customerCount, int[] customer, int[] day, long[] net) {
        long[] last = new long[customerCount];
        long[] count = new long[customerCount];
        long[] spend = new long[customerCount];
        java.util.Arrays.fill(last, Long.MIN_VALUE);
        for (int o = 0; o < customer.length; o++) {
            if (net[o] > 0) {
                int c = customer[o];
                last[c] = Math.max(last[c], day[o]);
                count[c]++;
                spend[c] += net[o];
            }
        }
        List<Integer> buyers = new ArrayList<>();
        for (int c = 0; c < customerCount; c++) {
            if (count[c] > 0) {
                buyers.add(c);
            }
        }
        int n = buyers.size();
        long[] recency = new long[n];
        long[] frequency = new long[n];
        long[] monetary = new long[n];
        for (int i = 0; i < n; i++) {
            int c = buyers.get(i);
            recency[i] = TODAY - last[c];
            frequency[i] = count[c];
            monetary[i] = spend[c];
        }
        RfmScores[] expected = RfmScoring.quintiles(recency, frequency, monetary);
        RfmTable table = engine.score();

        assertThat(engine.buyers()).isEqualTo(n);
        assertThat(table.buyers()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            int c = buyers.get(i);
            assertThat(engine.recencyDays(c, TODAY)).isEqualTo(recency[i]);
            assertThat(engine.frequency(c)).isEqualTo(frequency[i]);
            assertThat(engine.netFen(c)).isEqualTo(monetary[i]);
            assertThat(table.scores(c)).as("customer %d", c).isEqualTo(expected[i]);
            assertThat(table.segment(c)).isEqualTo(expected[i].segment());
        }
        for (int c = 0; c < customerCount; c++) {
            assertThat(table.isBuyer(c)).isEqualTo(count[c] > 0);
        }
    }
}
