package io.moat.wecomsim.commerce;

import io.moat.wecomsim.contacts.ExternalContact;
import io.moat.wecomsim.contacts.VirtualNames;
import io.moat.wecomsim.random.RandomStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes plausible Taobao orders from a seeded stream: a few products of a small catalogue, a receiver somewhere in
 * China, a state spread like a real shop's (most paid, some waiting for payment or closed), and a mobile that the
 * export masks four times out of five.
 */
public final class OrderMaker {

    /** A product of the virtual shop. */
    private record Product(String title, String sku, long priceFen) {}

    /** A place: province and city as Taobao writes them, and a district. */
    private record Place(String province, String city, String district) {}

    public static final String SHOP_ID = "57301234";
    public static final String SHOP_NAME = "摩特官方旗舰店";

    private static final List<Product> CATALOGUE = List.of(
            new Product("摩特蓝莓叶黄素护眼软糖 60粒", "规格:60粒装", 5_980),
            new Product("摩特益生菌冻干粉 30条 成人肠胃", "规格:30条", 12_800),
            new Product("摩特胶原蛋白肽口服液 10瓶", "规格:10瓶/盒", 19_900),
            new Product("摩特鱼油软胶囊 深海鱼油 100粒", "规格:100粒", 8_800),
            new Product("摩特维生素C泡腾片 橙子味 20片", "口味:橙子味", 2_990),
            new Product("摩特儿童钙镁锌咀嚼片 牛奶味", "口味:牛奶味", 6_900));
    private static final List<Place> PLACES = List.of(
            new Place("浙江省", "杭州市", "西湖区"),
            new Place("广东省", "广州市", "天河区"),
            new Place("广东省", "深圳市", "南山区"),
            new Place("江苏省", "南京市", "鼓楼区"),
            new Place("上海", "上海市", "浦东新区"),
            new Place("北京", "北京市", "朝阳区"),
            new Place("四川省", "成都市", "武侯区"),
            new Place("湖北省", "武汉市", "洪山区"),
            new Place("山东省", "济南市", "历下区"));
    private static final List<String> STREETS = List.of("文三路", "中山大道", "人民路", "解放路", "建设路", "科技园路");
    private static final List<String> MESSAGES = List.of("", "", "", "请尽快发货", "送人的，不要放发票", "周末送货");

    private OrderMaker() {}

    /** An order by a customer of the corp (linked by unionid), or by a buyer nobody knows when empty. */
    public static Order make(RandomStream random, Optional<ExternalContact> customer, Instant at) {
        String name = customer.map(ExternalContact::name).orElseGet(() -> VirtualNames.draw(random));
        Buyer buyer = new Buyer(
                "tb" + random.digits(10),
                "AA" + random.alnum(22),
                customer.map(ExternalContact::unionid).orElse(""),
                name,
                mobile(random));
        return make(random, buyer, state(random), at);
    }

    public static Order make(RandomStream random, Buyer buyer, OrderState state, Instant at) {
        List<OrderLine> lines = new ArrayList<>();
        int kinds = 1 + random.nextInt(2);
        for (int i = 0; i < kinds; i++) {
            Product product = CATALOGUE.get(random.nextInt(CATALOGUE.size()));
            if (lines.stream().noneMatch(l -> l.title().equals(product.title()))) {
                lines.add(new OrderLine(product.title(), product.sku(), 1 + random.nextInt(3), product.priceFen()));
            }
        }
        Place place = PLACES.get(random.nextInt(PLACES.size()));
        String address = place.province() + " " + place.city() + " " + place.district() + " "
                + STREETS.get(random.nextInt(STREETS.size())) + " " + (1 + random.nextInt(300)) + "号";
        Optional<Instant> paidAt =
                state.paid() ? Optional.of(at.plus(Duration.ofSeconds(30 + random.nextInt(900)))) : Optional.empty();
        long postFee = random.nextInt(5) == 0 ? 1_000 : 0;
        boolean masked = random.nextInt(5) != 0;
        String message = MESSAGES.get(random.nextInt(MESSAGES.size()));
        String logisticsNo = state.shipped() ? "YT" + random.digits(13) : "";
        return new Order(
                "taobao",
                random.digits(19),
                buyer,
                place.province(),
                place.city(),
                address,
                state,
                at,
                paidAt,
                lines,
                postFee,
                masked,
                message,
                logisticsNo);
    }

    /** 10% unpaid, 5% closed, the rest paid and on their way: 25% waiting to ship, 25% shipped, 35% finished. */
    private static OrderState state(RandomStream random) {
        int roll = random.nextInt(100);
        if (roll < 10) {
            return OrderState.WAIT_BUYER_PAY;
        }
        if (roll < 15) {
            return OrderState.TRADE_CLOSED;
        }
        if (roll < 40) {
            return OrderState.WAIT_SELLER_SEND_GOODS;
        }
        return roll < 65 ? OrderState.WAIT_BUYER_CONFIRM_GOODS : OrderState.TRADE_FINISHED;
    }

    /** A mainland mobile number: 1, then 3/5/7/8/9, then nine digits. */
    public static String mobile(RandomStream random) {
        StringBuilder phone = new StringBuilder("1").append("35789".charAt(random.nextInt(5)));
        for (int i = 0; i < 9; i++) {
            phone.append(random.nextInt(10));
        }
        return phone.toString();
    }
}
