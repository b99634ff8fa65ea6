package io.moat.commerce.export;

import io.moat.commerce.OrderStatus;
import io.moat.commerce.Platform;
import io.moat.commerce.export.HeaderMapping.Field;
import io.moat.commerce.order.Buyer;
import io.moat.commerce.order.OrderLine;
import io.moat.commerce.order.OrderRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Any other shop's CSV or Excel export, read through a {@link HeaderMapping}. Without a status column an order
 * with a pay time is paid and one without is unpaid. With an item column (title or SKU) each row is an item and
 * the rows of one order number make one order.
 */
public record MappedOrderExport(Platform platform, HeaderMapping mapping) implements OrderExport {

    @Override
    public List<String> requiredColumns() {
        return mapping.columns().values().stream().distinct().toList();
    }

    @Override
    public String orderNoColumn() {
        return Objects.requireNonNull(mapping.column(Field.orderNo));
    }

    @Override
    public Rows rows() {
        return column(Field.title) != null || column(Field.sku) != null
                ? Rows.LINES_REPEAT_ORDER_TOTALS
                : Rows.ONE_PER_ORDER;
    }

    @Override
    public OrderRecord read(ExportRow row) {
        String orderNo = row.required(orderNoColumn());
        Instant created = row.requiredTime(Objects.requireNonNull(column(Field.createdAt)));
        Instant paidAt = row.time(column(Field.paidAt));
        OrderStatus status = column(Field.status) != null
                ? row.status(column(Field.status))
                : paidAt != null ? OrderStatus.PAID : OrderStatus.UNPAID;
        Long total = row.fen(column(Field.total));
        Long paid = row.fen(column(Field.paid));
        if (total == null && paid == null) {
            throw new RowRejected(either(column(Field.paid), column(Field.total)) + "", "is empty");
        }
        var address = ReceiverAddress.of(row.text(column(Field.address)));
        return new OrderRecord(
                platform,
                orderNo,
                status,
                created,
                paidAt,
                row.time(column(Field.shippedAt)),
                row.time(column(Field.finishedAt)),
                total != null ? total : paid,
                paid != null ? paid : OrderExport.paidOf(status, paidAt, total),
                row.fenOrZero(column(Field.postFee)),
                row.fenOrZero(column(Field.refunded)),
                new Buyer(
                        row.text(column(Field.buyerNick)),
                        row.text(column(Field.buyerOpenId)),
                        row.text(column(Field.unionid)),
                        row.text(column(Field.openid)),
                        row.text(column(Field.phone))),
                either(row.text(column(Field.province)), address.province()),
                either(row.text(column(Field.city)), address.city()),
                line(row));
    }

    private List<OrderLine> line(ExportRow row) {
        String title = row.text(column(Field.title));
        String sku = row.text(column(Field.sku));
        if (title == null && sku == null) {
            return List.of();
        }
        int quantity = row.quantity(column(Field.quantity));
        Long unitPrice = row.fen(column(Field.unitPrice));
        Long amount = row.fen(column(Field.lineAmount));
        return List.of(new OrderLine(
                sku,
                title != null ? title : sku,
                quantity,
                unitPrice,
                amount != null ? amount : unitPrice != null ? unitPrice * quantity : 0));
    }

    private @Nullable String column(Field field) {
        return mapping.column(field);
    }

    private static @Nullable String either(@Nullable String first, @Nullable String second) {
        return first != null ? first : second;
    }
}
