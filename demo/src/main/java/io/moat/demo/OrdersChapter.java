package io.moat.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Half a year of orders on Taobao, JD and Douyin, imported into Moat the way a brand does it: the seller back-ends'
 * monthly export files, uploaded to the order import. Shoppers keep their nick, JD pin and phone from order to
 * order and come back after 15 to 75 days with probability 0.75 (fans) or 0.6 (strangers), which gives about 210k orders at full scale; package-card fans bought once before
 * they scanned the card in the parcel; a few orders stay unpaid, are closed or refunded. Half the exports come from
 * an ERP that shows phones in full, the rest masked: a full phone that staff noted for a fan links the order to the
 * fan (order to fan), and a JD pin once linked links the pin's later orders too.
 */
@Component
class OrdersChapter implements DemoChapter {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OrdersChapter.class);

    private record Product(String sku, String title, long priceFen) {}

    private static final List<Product> CATALOGUE = List.of(
            new Product("XL-NUT-01", "每日坚果礼盒 30袋", 8_990),
            new Product("XL-MNG-02", "芒果干 500g", 3_990),
            new Product("XL-SEA-03", "儿童海苔 12包", 2_990),
            new Product("XL-LTD-04", "麻辣辣条 大礼包", 1_990),
            new Product("XL-BEF-05", "手撕牛肉干 250g", 5_990),
            new Product("XL-CKE-06", "低糖蛋黄酥 6枚", 3_490),
            new Product("XL-TEA-07", "冻干水果茶 20包", 4_590),
            new Product("XL-CHP-08", "非油炸薯片 组合装", 2_490));
    private static final String[][] PLACES = {
        {"浙江省", "杭州市", "西湖区"},
        {"上海", "上海市", "浦东新区"},
        {"北京", "北京市", "朝阳区"},
        {"广东省", "深圳市", "南山区"},
        {"四川省", "成都市", "武侯区"},
        {"湖北省", "武汉市", "洪山区"},
        {"江苏省", "南京市", "鼓楼区"}
    };

    @Override
    public String key() {
        return "orders";
    }

    @Override
    public String title() {
        return "180 days of Taobao, JD and Douyin orders imported from the seller back-ends' export files";
    }

    @Override
    public int order() {
        return 500;
    }

    @Override
    public int weight() {
        return 4;
    }

    /**
     * Built beside the connect chapter's full sync: the export files need nothing the sync makes, and Moat links an
     * order whose buyer the sync has not reached yet to a profile of its own that the sync's contact then joins (by
     * the phone the staff noted), refreshing the buyer's values as the relation opens. The connect chapter draws
     * nothing from the world's randomness, so this chapter's draws stay in the same order from run to run.
     */
    @Override
    public boolean besidePrevious() {
        return true;
    }

    @Override
    public void build(DemoWorld world, ChapterProgress progress) throws InterruptedException {
        Random random = world.random();
        Instant start = world.historyStart();
        Instant end = world.now();
        List<ShopOrder> orders = new ArrayList<>();
        long[] next = {0};
        // fans: three in four buy
        for (DemoWorld.Customer fan : world.customers()) {
            if (random.nextInt(4) == 0) {
                continue;
            }
            var shopper = shopper(random, fan.phone(), "fan");
            Instant first = fan.channel().equals("pkgcard")
                    ? fan.addedAt().minus(Duration.ofHours(24 + random.nextInt(9 * 24)))
                    : fan.addedAt().plus(Duration.ofHours(12 + random.nextInt(40 * 24)));
            buyerOrders(random, shopper, first, end, 0.75, platform(random), orders, next);
        }
        int strangers = world.settings().scaled(90_000, 60);
        long span = Duration.between(start, end).toSeconds();
        for (int i = 0; i < strangers; i++) {
            var shopper = shopper(random, HistoryChapter.phone(world), "s");
            Instant first = start.plusSeconds((long) (random.nextDouble() * span));
            buyerOrders(random, shopper, first, end, 0.6, platform(random), orders, next);
        }
        world.facts.put("orders", orders.size());
        progress.done(0.05, orders.size() + " orders drawn");
        // one export file per platform and 30-day month, as a brand downloads them
        Map<String, List<ShopOrder>> files = new TreeMap<>();
        for (ShopOrder order : orders) {
            long month = Duration.between(start, order.createdAt()).toDays() / 30;
            files.computeIfAbsent(String.format("%02d-%s", month, order.platform()), k -> new ArrayList<>())
                    .add(order);
        }
        int done = 0;
        int imported = 0;
        int rejected = 0;
        // The export files are written on a thread of their own while Moat imports the one before, so Moat never
        // waits for the next file.
        Map<String, Future<byte[]>> exports = new LinkedHashMap<>();
        try (ExecutorService writer = Executors.newSingleThreadExecutor()) {
            files.forEach((name, rows) -> exports.put(name, writer.submit(() -> export(name.substring(3), rows))));
            for (var file : exports.entrySet()) {
                String platform = file.getKey().substring(3);
                JsonNode report =
                        importFile(world, platform, "demo-" + file.getKey() + ".csv", written(file.getValue()));
                imported += report.path("imported").asInt(0);
                rejected += report.path("rejected").asInt(0);
                if (report.path("rejected").asInt(0) > 0
                        && rejected == report.path("rejected").asInt(0)) {
                    log.warn("Demo import {} rejected rows, e.g. {}", file.getKey(), report.path("errors"));
                }
                done++;
                progress.done(
                        0.05 + 0.95 * done / files.size(),
                        done + "/" + files.size() + " export files, " + orders.size() + " orders");
            }
        }
        progress.done(
                1,
                imported + " of " + orders.size() + " orders imported from " + files.size()
                        + " export files (Taobao, JD, Douyin), " + rejected + " rows rejected");
    }

    private static byte[] export(String platform, List<ShopOrder> rows) {
        return switch (platform) {
            case "jd" -> MarketplaceExports.jd(rows);
            case "douyin" -> MarketplaceExports.douyin(rows);
            default -> MarketplaceExports.taobao(rows);
        };
    }

    private static byte[] written(Future<byte[]> export) throws InterruptedException {
        try {
            return export.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("an export file could not be written", e.getCause());
        }
    }

    private static JsonNode importFile(DemoWorld world, String platform, String name, byte[] bytes)
            throws InterruptedException {
        long id = world.moat()
                .upload(
                        world.workspacePath() + "/imports/orders",
                        name,
                        bytes,
                        "text/csv",
                        List.of(new String[] {"source", platform}, new String[] {"sourceName", name}))
                .path("id")
                .asLong();
        while (true) {
            JsonNode report = world.moat().get(world.workspacePath() + "/imports/" + id);
            String status = report.path("status").asString();
            if (!status.equals("running") && !status.equals("queued")) {
                if (status.equals("failed")) {
                    throw new DemoFailure("the import of " + name + " failed: " + report);
                }
                return report;
            }
            Thread.sleep(200);
        }
    }

    private static void buyerOrders(
            Random random,
            ShopOrder.Shopper shopper,
            Instant first,
            Instant end,
            double comeBack,
            String platform,
            List<ShopOrder> orders,
            long[] next) {
        Instant at = first;
        while (at.isBefore(end)) {
            // one buyer in five also tries another platform now and then
            String where = random.nextInt(5) == 0 ? platform(random) : platform;
            orders.add(order(random, shopper, where, at, end, next[0]++));
            if (random.nextDouble() > comeBack) {
                return;
            }
            at = at.plus(Duration.ofHours(24L * (15 + random.nextInt(61)) + random.nextInt(24)));
        }
    }

    private static ShopOrder order(
            Random random, ShopOrder.Shopper shopper, String platform, Instant created, Instant end, long n) {
        List<ShopOrder.Line> lines = new ArrayList<>();
        int kinds = 1 + (random.nextInt(3) == 0 ? 1 : 0);
        for (int i = 0; i < kinds; i++) {
            Product p = CATALOGUE.get(random.nextInt(CATALOGUE.size()));
            if (lines.stream().noneMatch(l -> l.sku().equals(p.sku()))) {
                lines.add(new ShopOrder.Line(p.sku(), p.title(), 1 + random.nextInt(3), p.priceFen()));
            }
        }
        int roll = random.nextInt(100);
        long age = Duration.between(created, end).toDays();
        String state;
        if (roll < 6) {
            state = "unpaid";
        } else if (roll < 9) {
            state = "closed";
        } else if (roll < 14 && !platform.equals("taobao")) {
            state = "refunded";
        } else {
            state = age < 2 ? "paid" : age < 6 ? "shipped" : "finished";
        }
        boolean paid = !state.equals("unpaid") && !state.equals("closed");
        Instant paidAt = paid ? created.plusSeconds(30 + random.nextInt(900)) : null;
        Instant shippedAt = paid && !state.equals("paid") ? created.plus(Duration.ofHours(20)) : null;
        Instant finishedAt =
                state.equals("finished") || state.equals("refunded") ? created.plus(Duration.ofDays(5)) : null;
        String orderNo =
                switch (platform) {
                    case "jd" -> Long.toString(300_000_000_000L + n);
                    case "douyin" -> Long.toString(6_930_000_000_000_000_000L + n);
                    default -> Long.toString(4_100_000_000_000_000_000L + n);
                };
        return new ShopOrder(
                platform,
                orderNo,
                shopper,
                state,
                created,
                paidAt,
                shippedAt,
                finishedAt,
                lines,
                random.nextInt(6) == 0 ? 800 : 0,
                random.nextBoolean());
    }

    private static String platform(Random random) {
        int roll = random.nextInt(100);
        return roll < 55 ? "taobao" : roll < 75 ? "jd" : "douyin";
    }

    private static ShopOrder.Shopper shopper(Random random, String phone, String kind) {
        String[] place = PLACES[random.nextInt(PLACES.length)];
        String id = Long.toString(Math.abs(random.nextLong()) % 10_000_000_000L, 36);
        return new ShopOrder.Shopper(
                kind.equals("fan") ? "林女士" : "顾客" + id.substring(0, Math.min(3, id.length())),
                "tb_" + id,
                "jd_" + id,
                phone,
                place[0],
                place[1],
                place[0] + " " + place[1] + " " + place[2] + " 人民路 " + (1 + random.nextInt(300)) + "号");
    }

    /** Keep-alive: now and then a paid order arrives through the JSON order API (a shop system's push). */
    @Override
    public void tick(DemoWorld world) {
        if (world.random().nextInt(2) != 0 || world.customers().isEmpty()) {
            return;
        }
        Random random = world.random();
        boolean fan = random.nextInt(3) != 0;
        String phone = fan ? world.pick(world.customers()).phone() : HistoryChapter.phone(world);
        Product p = CATALOGUE.get(random.nextInt(CATALOGUE.size()));
        int quantity = 1 + random.nextInt(2);
        Instant now = world.now();
        String platform = platform(random);
        Map<String, Object> buyer = new HashMap<>();
        buyer.put("phone", phone);
        Map<String, Object> order = new HashMap<>();
        order.put("platform", platform);
        order.put("orderNo", "live-" + now.toEpochMilli() + "-" + random.nextInt(1000));
        order.put("status", "paid");
        order.put("createdAt", now.minusSeconds(60).toString());
        order.put("paidAt", now.toString());
        order.put("totalFen", p.priceFen() * quantity);
        order.put("paidFen", p.priceFen() * quantity);
        order.put("buyer", buyer);
        order.put(
                "lines",
                List.of(Map.of(
                        "sku", p.sku(), "title", p.title(), "quantity", quantity, "unitPriceFen", p.priceFen())));
        world.moat().post(world.workspacePath() + "/orders", Map.of("orders", List.of(order)));
    }
}
