package io.moat.wecomsim.commerce;

import io.moat.wecomsim.world.ChinaTime;
import java.nio.charset.Charset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The Taobao/Tmall seller centre's 订单报表 as a CSV file (wecom-api.md §12): the exact 37-column header, GBK, CRLF,
 * every field quoted, order numbers as {@code ="…"} so Excel keeps all 19 digits, times in Beijing time, 联系手机
 * masked as 138****1234 unless the order says otherwise, no pay time for unpaid orders.
 */
public final class TaobaoOrderReport {

    public static final Charset GBK = Charset.forName("GBK");

    public static final List<String> HEADER = List.of(
            "订单编号",
            "买家会员名",
            "买家支付宝账号",
            "买家应付货款",
            "买家应付邮费",
            "买家支付积分",
            "总金额",
            "返点积分",
            "买家实际支付金额",
            "买家实际支付积分",
            "订单状态",
            "买家留言",
            "收货人姓名",
            "收货地址",
            "运送方式",
            "联系电话",
            "联系手机",
            "订单创建时间",
            "订单付款时间",
            "宝贝标题",
            "宝贝种类",
            "物流单号",
            "物流公司",
            "订单备注",
            "宝贝总数量",
            "店铺Id",
            "店铺名称",
            "订单关闭原因",
            "卖家服务费",
            "买家服务费",
            "发票抬头",
            "是否手机订单",
            "分阶段订单信息",
            "定金排名",
            "修改后的sku",
            "修改后的收货地址",
            "异常信息");

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ChinaTime.ZONE);

    private TaobaoOrderReport() {}

    public static byte[] write(List<Order> orders) {
        StringBuilder csv = new StringBuilder();
        row(csv, HEADER);
        for (Order order : orders) {
            row(csv, fields(order));
        }
        return csv.toString().getBytes(GBK);
    }

    private static List<String> fields(Order order) {
        Buyer buyer = order.buyer();
        return List.of(
                "=\"" + order.orderNo() + "\"",
                buyer.nick(),
                masked(buyer.phone()),
                yuan(order.goodsFen()),
                yuan(order.postFeeFen()),
                "0",
                yuan(order.totalFen()),
                "0",
                yuan(order.paymentFen()),
                "0",
                order.state().text(),
                order.buyerMessage(),
                buyer.name(),
                order.address(),
                "快递",
                "",
                order.maskedPhone() ? masked(buyer.phone()) : buyer.phone(),
                TIME.format(order.createdAt()),
                order.paidAt().map(TIME::format).orElse(""),
                String.join("，", order.lines().stream().map(OrderLine::title).toList()),
                Integer.toString(order.lines().size()),
                order.logisticsNo().isEmpty() ? "" : "No:" + order.logisticsNo(),
                order.logisticsNo().isEmpty() ? "" : "圆通速递",
                "",
                Integer.toString(order.quantity()),
                OrderMaker.SHOP_ID,
                OrderMaker.SHOP_NAME,
                order.state() == OrderState.TRADE_CLOSED ? "买家未付款" : "订单未关闭",
                "0",
                "0元",
                "",
                "手机订单",
                "",
                "",
                "",
                "",
                "");
    }

    /** 13812341234 → 138****1234. */
    static String masked(String phone) {
        return phone.length() == 11 ? phone.substring(0, 3) + "****" + phone.substring(7) : phone;
    }

    static String yuan(long fen) {
        return String.format(Locale.ROOT, "%d.%02d", fen / 100, fen % 100);
    }

    private static void row(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            csv.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(fields.get(i).replace("\"", "\"\""))
                    .append('"');
        }
        csv.append("\r\n");
    }
}
