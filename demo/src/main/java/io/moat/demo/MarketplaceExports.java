package io.moat.demo;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Writes the demo's orders as the marketplaces' seller back-ends export them, so they enter Moat through the same
 * import as a brand's files: Taobao's 订单报表 (GBK, one row per order), JD's order export (UTF-8 with BOM, one row
 * per item repeating the order's amounts) and Douyin's 抖店 export (UTF-8 with BOM, one row per sub-order).
 */
final class MarketplaceExports {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(DemoWorld.ZONE);

    private MarketplaceExports() {}

    static byte[] taobao(List<ShopOrder> orders) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(
                "订单编号",
                "买家会员名",
                "买家应付货款",
                "买家应付邮费",
                "总金额",
                "买家实际支付金额",
                "订单状态",
                "收货人姓名",
                "收货地址",
                "联系手机",
                "订单创建时间",
                "订单付款时间",
                "宝贝标题",
                "宝贝总数量",
                "订单关闭原因"));
        for (ShopOrder o : orders) {
            boolean paid = o.paidAt() != null;
            rows.add(List.of(
                    o.orderNo(),
                    o.buyer().nick(),
                    yuan(o.goodsFen()),
                    yuan(o.postFeeFen()),
                    yuan(o.totalFen()),
                    paid ? yuan(o.totalFen()) : "0.00",
                    switch (o.state()) {
                        case "unpaid" -> "等待买家付款";
                        case "closed" -> "交易关闭";
                        case "paid" -> "买家已付款，等待卖家发货";
                        case "shipped" -> "卖家已发货，等待买家确认";
                        default -> "交易成功";
                    },
                    o.buyer().name(),
                    o.buyer().address(),
                    o.phoneAsExported(),
                    time(o.createdAt()),
                    time(o.paidAt()),
                    String.join(
                            "，", o.lines().stream().map(ShopOrder.Line::title).toList()),
                    Integer.toString(o.lines().stream()
                            .mapToInt(ShopOrder.Line::quantity)
                            .sum()),
                    o.state().equals("closed") ? "买家未付款" : "订单未关闭"));
        }
        return csv(rows, Charset.forName("GBK"), false);
    }

    static byte[] jd(List<ShopOrder> orders) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(
                "订单号", "下单帐号", "商品ID", "商品名称", "订购数量", "京东价", "订单金额", "应付金额", "运费金额", "订单状态", "下单时间", "付款确认时间",
                "订单完成时间", "客户姓名", "客户地址", "联系电话"));
        for (ShopOrder o : orders) {
            String status =
                    switch (o.state()) {
                        case "unpaid" -> "等待付款";
                        case "closed" -> "已取消";
                        case "paid" -> "等待出库";
                        case "shipped" -> "等待确认收货";
                        case "refunded" -> "已退款";
                        default -> "完成";
                    };
            for (ShopOrder.Line line : o.lines()) {
                rows.add(List.of(
                        o.orderNo(),
                        o.buyer().pin(),
                        line.sku(),
                        line.title(),
                        Integer.toString(line.quantity()),
                        yuan(line.priceFen()),
                        yuan(o.totalFen()),
                        yuan(o.totalFen()),
                        yuan(o.postFeeFen()),
                        status,
                        time(o.createdAt()),
                        time(o.paidAt()),
                        time(o.finishedAt()),
                        o.buyer().name(),
                        o.buyer().address(),
                        o.phoneAsExported()));
            }
        }
        return csv(rows, StandardCharsets.UTF_8, true);
    }

    static byte[] douyin(List<ShopOrder> orders) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(
                "主订单编号", "子订单编号", "商品名称", "商家编码", "商品数量", "商品单价", "订单应付金额", "运费", "订单状态", "售后状态", "下单时间", "支付完成时间",
                "发货时间", "订单完成时间", "收件人", "收件人手机号", "省", "市", "详细地址"));
        for (ShopOrder o : orders) {
            String status =
                    switch (o.state()) {
                        case "unpaid" -> "待支付";
                        case "closed" -> "已关闭";
                        case "paid" -> "备货中";
                        case "shipped" -> "已发货";
                        default -> "已完成";
                    };
            int n = 0;
            for (ShopOrder.Line line : o.lines()) {
                // the post fee rides on the first sub-order, so the sub-orders add up to the order
                long amount = line.amountFen() + (n == 0 ? o.postFeeFen() : 0);
                rows.add(List.of(
                        o.orderNo(),
                        o.orderNo() + "-" + (++n),
                        line.title(),
                        line.sku(),
                        Integer.toString(line.quantity()),
                        yuan(line.priceFen()),
                        yuan(amount),
                        n == 1 ? yuan(o.postFeeFen()) : "0.00",
                        status,
                        o.state().equals("refunded") ? "退款成功" : "",
                        time(o.createdAt()),
                        time(o.paidAt()),
                        time(o.shippedAt()),
                        time(o.finishedAt()),
                        o.buyer().name(),
                        o.phoneAsExported(),
                        o.buyer().province(),
                        o.buyer().city(),
                        o.buyer().address()));
            }
        }
        return csv(rows, StandardCharsets.UTF_8, true);
    }

    private static String yuan(long fen) {
        return String.format(Locale.ROOT, "%d.%02d", fen / 100, fen % 100);
    }

    private static String time(@Nullable Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    private static byte[] csv(List<List<String>> rows, Charset charset, boolean bom) {
        StringBuilder text = new StringBuilder(bom ? "\uFEFF" : "");
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    text.append(',');
                }
                text.append('"').append(row.get(i).replace("\"", "\"\"")).append('"');
            }
            text.append("\r\n");
        }
        return text.toString().getBytes(charset);
    }
}
