package io.moat.commerce.order;

import io.moat.shared.TenantId;
import io.moat.shared.crypto.PersonalData;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The workspace's orders, newest first, paged by id so a page costs the same at any depth. Phones are shown masked
 * unless the caller may see personal data, and then only where the export had a real number.
 */
@Component
public class OrderPages {

    private final JdbcClient jdbc;
    private final PersonalData personalData;

    OrderPages(JdbcClient jdbc, PersonalData personalData) {
        this.jdbc = jdbc;
        this.personalData = personalData;
    }

    public record OrderPage(List<OrderView> items, @Nullable Long next) {}

    public record OrderView(
            long id,
            String platform,
            String orderNo,
            String status,
            long totalFen,
            long paidFen,
            long postFeeFen,
            long refundedFen,
            OffsetDateTime createdAt,
            @Nullable OffsetDateTime paidAt,
            @Nullable OffsetDateTime shippedAt,
            @Nullable OffsetDateTime finishedAt,
            BuyerView buyer,
            @Nullable String province,
            @Nullable String city,
            @Nullable Long customerId,
            @Nullable Long importId,
            List<OrderLine> lines) {}

    public record BuyerView(
            @Nullable String nick,
            @Nullable String openId,
            @Nullable String unionid,
            @Nullable String openid,
            @Nullable String phone) {}

    private record Row(
            long id,
            String platform,
            String orderNo,
            String status,
            long totalFen,
            long paidFen,
            long postFeeFen,
            long refundedFen,
            OffsetDateTime createdAt,
            @Nullable OffsetDateTime paidAt,
            @Nullable OffsetDateTime shippedAt,
            @Nullable OffsetDateTime finishedAt,
            @Nullable String buyerNick,
            @Nullable String buyerOpenId,
            @Nullable String unionid,
            @Nullable String openid,
            @Nullable String phoneSealed,
            @Nullable String phoneMasked,
            @Nullable String receiverProvince,
            @Nullable String receiverCity,
            @Nullable Long customerId,
            @Nullable Long sourceImportId) {}

    private record LineRow(
            long orderId,
            @Nullable String sku,
            String title,
            int quantity,
            @Nullable Long unitPriceFen,
            long amountFen) {}

    @Transactional(readOnly = true)
    public OrderPage page(TenantId tenant, boolean showPhones, @Nullable Long after, int limit) {
        List<Row> rows = jdbc.sql("""
                select id, platform, order_no, status, total_fen, paid_fen, post_fee_fen, refunded_fen,
                       created_at, paid_at, shipped_at, finished_at, buyer_nick, buyer_open_id, unionid, openid,
                       phone_sealed, phone_masked, receiver_province, receiver_city, customer_id, source_import_id
                from commerce.orders
                where tenant_id = :tenant and (cast(:after as bigint) is null or id < :after)
                order by id desc
                limit :limit
                """)
                .param("tenant", tenant.value())
                .param("after", after)
                .param("limit", limit + 1)
                .query(Row.class)
                .list();
        boolean more = rows.size() > limit;
        List<Row> page = more ? rows.subList(0, limit) : rows;
        Map<Long, List<OrderLine>> lines =
                linesOf(tenant, page.stream().map(Row::id).toList());
        List<OrderView> items = page.stream()
                .map(row -> view(tenant, row, showPhones, lines.getOrDefault(row.id(), List.of())))
                .toList();
        return new OrderPage(items, more ? page.getLast().id() : null);
    }

    private Map<Long, List<OrderLine>> linesOf(TenantId tenant, List<Long> orderIds) {
        if (orderIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("""
                select order_id, sku, title, quantity, unit_price_fen, amount_fen
                from commerce.order_line
                where tenant_id = :tenant and order_id in (:ids)
                order by order_id, line_no
                """).param("tenant", tenant.value()).param("ids", orderIds).query(LineRow.class).list().stream()
                .collect(Collectors.groupingBy(
                        LineRow::orderId,
                        Collectors.mapping(
                                l -> new OrderLine(l.sku(), l.title(), l.quantity(), l.unitPriceFen(), l.amountFen()),
                                Collectors.toList())));
    }

    private OrderView view(TenantId tenant, Row row, boolean showPhones, List<OrderLine> lines) {
        String phone = showPhones && row.phoneSealed() != null
                ? personalData.openPhone(tenant, row.phoneSealed()).digits()
                : row.phoneMasked();
        return new OrderView(
                row.id(),
                row.platform(),
                row.orderNo(),
                row.status(),
                row.totalFen(),
                row.paidFen(),
                row.postFeeFen(),
                row.refundedFen(),
                row.createdAt(),
                row.paidAt(),
                row.shippedAt(),
                row.finishedAt(),
                new BuyerView(row.buyerNick(), row.buyerOpenId(), row.unionid(), row.openid(), phone),
                row.receiverProvince(),
                row.receiverCity(),
                row.customerId(),
                row.sourceImportId(),
                lines);
    }
}
