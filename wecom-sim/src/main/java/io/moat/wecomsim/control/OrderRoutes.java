package io.moat.wecomsim.control;

import io.moat.wecomsim.commerce.Buyer;
import io.moat.wecomsim.commerce.Order;
import io.moat.wecomsim.commerce.OrderLine;
import io.moat.wecomsim.commerce.OrderMaker;
import io.moat.wecomsim.commerce.OrderState;
import io.moat.wecomsim.commerce.TaobaoOrderReport;
import io.moat.wecomsim.contacts.ExternalContact;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.random.RandomStream;
import io.moat.wecomsim.world.ChinaTime;
import io.moat.wecomsim.world.CorpState;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The corp's marketplace shop, seen from outside WeCom: orders as JSON, the seller centre's 订单报表 export, and an
 * order placed on command.
 */
public final class OrderRoutes implements ControlRoute.Group {

    static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ChinaTime.ZONE);

    @Override
    public void register(ControlRoutes routes) {
        routes.get("/sim/corps/{corpId}/orders", this::list);
        routes.post("/sim/corps/{corpId}/orders", this::place);
        routes.get("/sim/corps/{corpId}/orders/export", this::export);
    }

    /** {@code ?since=<iso>} (default: all): orders created since then, oldest first. */
    private ControlAnswer list(ControlRequest request) {
        CorpState corp = request.corp();
        Instant since = instant(request.queryOr("since", "1970-01-01T00:00:00Z"), "since");
        List<Order> orders;
        synchronized (corp) {
            orders = corp.orders().since(since);
        }
        ArrayNode list = Json.array();
        orders.forEach(o -> list.add(json(o)));
        return ControlAnswer.ok(list);
    }

    /** {@code ?platform=taobao&from=<iso>&to=<iso>}: the 订单报表 CSV (GBK) of orders created in [from, to). */
    private ControlAnswer export(ControlRequest request) {
        CorpState corp = request.corp();
        String platform = request.queryOr("platform", "taobao");
        if (!platform.equals("taobao") && !platform.equals("tmall")) {
            throw ControlError.badRequest("only platform=taobao (or tmall, the same report) is exported");
        }
        Instant from = instant(request.queryOr("from", ""), "from");
        Instant to = instant(request.queryOr("to", ""), "to");
        List<Order> orders;
        synchronized (corp) {
            orders = corp.orders().between("taobao", from, to);
        }
        return ControlAnswer.file(
                "text/csv; charset=GBK",
                "ExportOrderList" + FILE_TIME.format(to) + ".csv",
                TaobaoOrderReport.write(orders));
    }

    /**
     * Body {@code {"externalUserId"?, "state"?, "maskedPhone"?}}: an order now, by that customer (their unionid and
     * name) or by a stranger, in the given state (default TRADE_FINISHED).
     */
    private ControlAnswer place(ControlRequest request) {
        CorpState corp = request.corp();
        OrderState state;
        try {
            state = OrderState.valueOf(request.text("state").orElse(OrderState.TRADE_FINISHED.name()));
        } catch (IllegalArgumentException e) {
            throw ControlError.badRequest("state must be one of WAIT_BUYER_PAY, WAIT_SELLER_SEND_GOODS, "
                    + "WAIT_BUYER_CONFIRM_GOODS, TRADE_FINISHED, TRADE_CLOSED");
        }
        synchronized (corp) {
            Optional<ExternalContact> customer = request.text("externalUserId").map(id -> corp.customers()
                    .customer(id)
                    .orElseThrow(() -> ControlError.notFound("no customer " + id)));
            RandomStream random = corp.random("world");
            Buyer buyer = new Buyer(
                    "tb" + random.digits(10),
                    "AA" + random.alnum(22),
                    customer.map(ExternalContact::unionid).orElse(""),
                    customer.map(ExternalContact::name).orElse("顾客"),
                    OrderMaker.mobile(random));
            Order made = OrderMaker.make(random, buyer, state, corp.now());
            Order order = made.withMaskedPhone(request.flag("maskedPhone").orElse(made.maskedPhone()));
            corp.orders().add(order);
            return ControlAnswer.created(json(order));
        }
    }

    static ObjectNode json(Order order) {
        ObjectNode json = Json.object().put("platform", order.platform()).put("orderNo", order.orderNo());
        json.putObject("buyer")
                .put("nick", order.buyer().nick())
                .put("openId", order.buyer().openId())
                .put("unionid", order.buyer().unionid());
        json.put("receiverName", order.buyer().name())
                .put("phone", order.buyer().phone())
                .put("province", order.province())
                .put("city", order.city())
                .put("address", order.address())
                .put("totalFen", order.totalFen())
                .put("goodsFen", order.goodsFen())
                .put("postFeeFen", order.postFeeFen())
                .put("paymentFen", order.paymentFen())
                .put("status", order.state().name())
                .put("statusText", order.state().text())
                .put("createdAt", order.createdAt().toString());
        order.paidAt().ifPresentOrElse(at -> json.put("paidAt", at.toString()), () -> json.putNull("paidAt"));
        ArrayNode lines = json.putArray("lines");
        for (OrderLine line : order.lines()) {
            lines.addObject()
                    .put("title", line.title())
                    .put("sku", line.sku())
                    .put("quantity", line.quantity())
                    .put("priceFen", line.priceFen());
        }
        return json;
    }

    private static Instant instant(String text, String name) {
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            throw ControlError.badRequest(name + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
    }
}
