package io.moat.commerce.export;

import io.moat.commerce.OrderStatus;
import io.moat.commerce.Platform;
import io.moat.commerce.order.Buyer;
import io.moat.commerce.order.OrderLine;
import io.moat.commerce.order.OrderRecord;
import java.util.List;

/**
 * The Taobao/Tmall seller centre's 订单报表: one row per order. Item detail lives in a separate report (宝贝报表),
 * so the order gets one line from 宝贝标题 and 宝贝总数量 for the goods amount. 联系手机 may be plain, masked or
 * empty; the pay time is empty for unpaid orders.
 */
public record TaobaoOrderReport(Platform platform) implements OrderExport {

    static final String ORDER_NO = "订单编号";
    static final String STATUS = "订单状态";
    static final String CREATED = "订单创建时间";
    static final String TOTAL = "总金额";
    static final String PAID = "买家实际支付金额";

    @Override
    public List<String> requiredColumns() {
        return List.of(ORDER_NO, STATUS, CREATED, TOTAL, PAID);
    }

    @Override
    public String orderNoColumn() {
        return ORDER_NO;
    }

    @Override
    public Rows rows() {
        return Rows.ONE_PER_ORDER;
    }

    @Override
    public OrderRecord read(ExportRow row) {
        String orderNo = row.required(ORDER_NO);
        OrderStatus status = row.status(STATUS);
        var created = row.requiredTime(CREATED);
        var paidAt = row.time("订单付款时间");
        long total = row.requiredFen(TOTAL);
        long paid = row.fenOrZero(PAID);
        long postFee = row.fenOrZero("买家应付邮费");
        Long goods = row.fen("买家应付货款");
        var address = ReceiverAddress.of(row.text("收货地址"));
        String title = row.text("宝贝标题");
        List<OrderLine> lines = title == null
                ? List.of()
                : List.of(new OrderLine(
                        row.text("修改后的sku"),
                        title,
                        row.quantity("宝贝总数量"),
                        null,
                        goods != null ? goods : Math.max(0, total - postFee)));
        return new OrderRecord(
                platform,
                orderNo,
                status,
                created,
                paidAt,
                null,
                null,
                total,
                paid,
                postFee,
                0,
                new Buyer(row.text("买家会员名"), null, null, null, row.text("联系手机")),
                address.province(),
                address.city(),
                lines);
    }
}
