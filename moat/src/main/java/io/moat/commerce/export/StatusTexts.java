package io.moat.commerce.export;

import io.moat.commerce.OrderStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The order states as the marketplaces write them, in their exports (Chinese) and APIs (codes), mapped to Moat's
 * stages. Full-width and ASCII punctuation and spacing do not matter.
 */
final class StatusTexts {

    private static final Pattern SPACES = Pattern.compile("\\s");

    private static final Map<String, OrderStatus> TEXTS = new HashMap<>();

    static {
        put(OrderStatus.UNPAID, "等待买家付款", "待付款", "待支付", "等待付款", "未付款", "WAIT_BUYER_PAY", "TRADE_NO_CREATE_PAY");
        put(
                OrderStatus.PAID,
                "买家已付款，等待卖家发货",
                "等待卖家发货",
                "待发货",
                "已付款",
                "已支付",
                "备货中",
                "等待出库",
                "等待发货",
                "WAIT_SELLER_SEND_GOODS",
                "WAIT_SELLER_STOCK_OUT",
                "锁定",
                "已锁定",
                "暂停",
                "WAIT_SELLER_DELIVERY",
                "LOCKED");
        put(
                OrderStatus.SHIPPED,
                "卖家已发货，等待买家确认",
                "卖家已发货，等待买家确认收货",
                "卖家部分发货",
                "部分发货",
                "已发货",
                "等待买家确认收货",
                "等待确认收货",
                "买家已签收",
                "已签收",
                "WAIT_BUYER_CONFIRM_GOODS",
                "WAIT_GOODS_RECEIVE_CONFIRM",
                "SELLER_CONSIGNED_PART");
        put(OrderStatus.FINISHED, "交易成功", "交易完成", "已完成", "完成", "TRADE_FINISHED", "TRADE_SUCCESS", "FINISHED_L");
        put(
                OrderStatus.CLOSED,
                "交易关闭",
                "已关闭",
                "已取消",
                "取消",
                "订单取消",
                "TRADE_CLOSED",
                "TRADE_CLOSED_BY_TAOBAO",
                "TRADE_CANCELED");
        put(OrderStatus.REFUNDED, "已退款", "退款成功", "全额退款");
        put(OrderStatus.PARTIALLY_REFUNDED, "部分退款");
        for (OrderStatus status : OrderStatus.values()) {
            put(status, status.code());
        }
    }

    private StatusTexts() {}

    static Optional<OrderStatus> of(String text) {
        return Optional.ofNullable(TEXTS.get(key(text)));
    }

    private static void put(OrderStatus status, String... texts) {
        List.of(texts).forEach(text -> TEXTS.put(key(text), status));
    }

    private static String key(String text) {
        return SPACES.matcher(MoneyText.halfWidth(text)).replaceAll("").toUpperCase(Locale.ROOT);
    }
}
