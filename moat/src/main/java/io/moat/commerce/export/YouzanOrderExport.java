package io.moat.commerce.export;

import io.moat.commerce.OrderStatus;
import io.moat.commerce.Platform;
import io.moat.commerce.order.Buyer;
import io.moat.commerce.order.OrderLine;
import io.moat.commerce.order.OrderRecord;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The Youzan (有赞) order export: one row per item, each repeating the order's amounts; the columns are the Chinese
 * names of the full_order_info fields (tid 订单号, total_fee 订单应付金额, payment 订单实付金额, post_fee 运费,
 * yz_open_id 有赞OpenID, outer_user_id 微信OpenID, fans_nickname 粉丝昵称, buyer_phone 买家手机号). Youzan
 * encrypts the buyer's phone ({@code $…$1$}) unless the shop decrypts it, so most phones stay unmatched text.
 */
public record YouzanOrderExport() implements OrderExport {

    static final String ORDER_NO = "订单号";
    static final String STATUS = "订单状态";
    static final String CREATED = "订单创建时间";
    static final String TOTAL = "订单应付金额";

    @Override
    public Platform platform() {
        return Platform.YOUZAN;
    }

    @Override
    public List<String> requiredColumns() {
        return List.of(ORDER_NO, STATUS, CREATED, TOTAL, "订单实付金额", "商品名称");
    }

    @Override
    public String orderNoColumn() {
        return ORDER_NO;
    }

    @Override
    public Rows rows() {
        return Rows.LINES_REPEAT_ORDER_TOTALS;
    }

    @Override
    public @Nullable String lineKey(ExportRow row) {
        String sku = row.text("规格编码");
        return sku == null ? null : sku + "|" + row.text("商品名称");
    }

    @Override
    public OrderRecord read(ExportRow row) {
        String orderNo = row.required(ORDER_NO);
        OrderStatus status = row.status(STATUS);
        long total = row.requiredFen(TOTAL);
        int quantity = row.quantity("商品数量");
        Long unitPrice = row.fen("商品单价");
        Long lineAmount = row.fen("商品实付金额");
        var line = new OrderLine(
                row.text("规格编码"),
                row.required("商品名称"),
                quantity,
                unitPrice,
                lineAmount != null ? lineAmount : unitPrice != null ? unitPrice * quantity : 0);
        String phone = row.text("买家手机号");
        var paidAt = row.time("买家付款时间");
        return new OrderRecord(
                Platform.YOUZAN,
                orderNo,
                status,
                row.requiredTime(CREATED),
                paidAt,
                row.time("卖家发货时间"),
                row.time("交易成功时间"),
                total,
                OrderExport.paidOf(status, paidAt, row.fenOrZero("订单实付金额")),
                row.fenOrZero("运费"),
                row.fenOrZero("退款金额"),
                new Buyer(
                        row.text("粉丝昵称"),
                        row.text("有赞OpenID"),
                        null,
                        row.text("微信OpenID"),
                        phone != null ? phone : row.text("收货人手机号")),
                row.text("收货人省份"),
                row.text("收货人城市"),
                List.of(line));
    }
}
