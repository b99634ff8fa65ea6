package io.moat.commerce.export;

import io.moat.commerce.OrderStatus;
import io.moat.commerce.Platform;
import io.moat.commerce.order.Buyer;
import io.moat.commerce.order.OrderLine;
import io.moat.commerce.order.OrderRecord;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Douyin shop (抖店) order export: one row per sub-order (子订单编号), grouped into the main order
 * (主订单编号). Each row's 订单应付金额 is what that sub-order costs, so the order's amounts are their sum; a
 * sub-order whose after-sale state (售后状态) is a completed refund counts as refunded. 收件人手机号 is
 * usually masked.
 */
public record DouyinOrderExport() implements OrderExport {

    static final String ORDER_NO = "主订单编号";
    static final String SUB_ORDER_NO = "子订单编号";
    static final String STATUS = "订单状态";
    static final String CREATED = "下单时间";
    static final String AMOUNT = "订单应付金额";
    private static final Set<String> REFUNDED = Set.of("退款成功", "已退款", "退货退款成功", "售后完成");

    @Override
    public Platform platform() {
        return Platform.DOUYIN;
    }

    @Override
    public List<String> requiredColumns() {
        return List.of(ORDER_NO, SUB_ORDER_NO, STATUS, CREATED, AMOUNT, "商品名称");
    }

    @Override
    public String orderNoColumn() {
        return ORDER_NO;
    }

    @Override
    public Rows rows() {
        return Rows.LINES_CARRY_AMOUNTS;
    }

    @Override
    public @Nullable String lineKey(ExportRow row) {
        return row.text(SUB_ORDER_NO);
    }

    @Override
    public OrderRecord read(ExportRow row) {
        String orderNo = row.required(ORDER_NO);
        row.required(SUB_ORDER_NO);
        OrderStatus status = row.status(STATUS);
        long amount = row.requiredFen(AMOUNT);
        String afterSale = row.text("售后状态");
        var paidAt = row.time("支付完成时间");
        long paid = OrderExport.paidOf(status, paidAt, amount);
        // A sub-order is one line: its completed after-sale refund returns that line, not the order's others.
        long refunded = afterSale != null && REFUNDED.contains(afterSale) ? paid : 0;
        var line = new OrderLine(
                row.text("商家编码"),
                row.required("商品名称"),
                row.quantity("商品数量"),
                row.fen("商品单价"),
                amount,
                Math.min(refunded, amount));
        return new OrderRecord(
                Platform.DOUYIN,
                orderNo,
                status,
                row.requiredTime(CREATED),
                paidAt,
                row.time("发货时间"),
                row.time("订单完成时间"),
                amount,
                paid,
                row.fenOrZero("运费"),
                refunded,
                new Buyer(null, null, null, null, row.text("收件人手机号")),
                row.text("省"),
                row.text("市"),
                List.of(line));
    }
}
