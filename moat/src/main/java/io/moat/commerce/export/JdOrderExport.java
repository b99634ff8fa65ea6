package io.moat.commerce.export;

import io.moat.commerce.OrderStatus;
import io.moat.commerce.Platform;
import io.moat.commerce.order.Buyer;
import io.moat.commerce.order.OrderLine;
import io.moat.commerce.order.OrderRecord;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The JD POP seller back-end's order export (商家后台 → 订单导出): one row per item, each repeating the order's
 * amounts. The columns are the Chinese names of the order API's fields (orderId 订单号, orderPayment 应付金额,
 * freightPrice 运费金额, paymentConfirmTime 付款确认时间, pin 下单帐号, skuId 商品ID, jdPrice 京东价, …).
 * The buyer is known by the pin; 联系电话 is usually masked.
 */
public record JdOrderExport() implements OrderExport {

    static final String ORDER_NO = "订单号";
    static final String STATUS = "订单状态";
    static final String CREATED = "下单时间";
    static final String PAYABLE = "应付金额";

    @Override
    public Platform platform() {
        return Platform.JD;
    }

    @Override
    public List<String> requiredColumns() {
        return List.of(ORDER_NO, STATUS, CREATED, PAYABLE, "商品名称");
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
        return row.text("商品ID");
    }

    @Override
    public OrderRecord read(ExportRow row) {
        String orderNo = row.required(ORDER_NO);
        OrderStatus status = row.status(STATUS);
        var created = row.requiredTime(CREATED);
        long payable = row.requiredFen(PAYABLE);
        Long orderAmount = row.fen("订单金额");
        int quantity = row.quantity("订购数量");
        Long unitPrice = row.fen("京东价");
        var line = new OrderLine(
                row.text("商品ID"),
                row.required("商品名称"),
                quantity,
                unitPrice,
                unitPrice == null ? payable : unitPrice * quantity);
        var address = ReceiverAddress.of(row.text("客户地址"));
        var paidAt = row.time("付款确认时间");
        return new OrderRecord(
                Platform.JD,
                orderNo,
                status,
                created,
                paidAt,
                null,
                row.time("订单完成时间"),
                orderAmount == null ? payable : orderAmount,
                OrderExport.paidOf(status, paidAt, payable),
                row.fenOrZero("运费金额"),
                0,
                new Buyer(null, row.text("下单帐号"), null, null, row.text("联系电话")),
                address.province(),
                address.city(),
                List.of(line));
    }
}
