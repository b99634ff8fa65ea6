package io.moat.commerce.order;

import io.moat.shared.TenantId;
import io.moat.shared.crypto.PersonalData;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Session temp tables {@code pg_temp.bulk_order} and {@code pg_temp.bulk_order_line}, created in the caller's
 * transaction and dropped at its commit, filled with {@code COPY} on that transaction's own connection. The orders
 * are staged first; the lines once their orders have ids, so writing them needs no join.
 */
final class OrderStaging {

    private static final String CREATE = """
            drop table if exists pg_temp.bulk_order, pg_temp.bulk_order_line;
            create temp table bulk_order (
                platform text not null, order_no text not null, status text not null,
                total_fen bigint not null, paid_fen bigint not null, post_fee_fen bigint not null,
                refunded_fen bigint not null, created_at timestamptz not null, paid_at timestamptz,
                shipped_at timestamptz, finished_at timestamptz, buyer_nick text, buyer_open_id text, unionid text,
                openid text, phone_hash text, phone_sealed text, phone_masked text, receiver_province text,
                receiver_city text
            ) on commit drop;
            create temp table bulk_order_line (
                order_id bigint not null, line_no int not null, sku text, title text not null, quantity int not null,
                unit_price_fen bigint, amount_fen bigint not null
            ) on commit drop;
            """;

    private final Connection connection;
    private final TenantId tenant;
    private final PersonalData personalData;

    OrderStaging(Connection connection, TenantId tenant, PersonalData personalData) {
        this.connection = connection;
        this.tenant = tenant;
        this.personalData = personalData;
    }

    /** Creates the staging tables and copies the orders at the given indexes of {@code orders} in. */
    void stageOrders(List<OrderRecord> orders, int[] chosen) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE);
        }
        copy("copy pg_temp.bulk_order from stdin", rows -> {
            for (int seq : chosen) {
                order(rows, orders.get(seq));
            }
        });
    }

    /** Copies the lines of the orders at the given indexes in, under the ids their orders were given. */
    void stageLines(List<OrderRecord> orders, int[] inserted, long[] orderIds) throws SQLException {
        copy("copy pg_temp.bulk_order_line from stdin", rows -> {
            for (int seq : inserted) {
                List<OrderLine> lines = orders.get(seq).lines();
                for (int i = 0; i < lines.size(); i++) {
                    line(rows, orderIds[seq], i + 1, lines.get(i));
                }
            }
        });
    }

    private interface Rows {
        void write(CopyText rows) throws IOException;
    }

    private void copy(String sql, Rows rows) throws SQLException {
        var stream = new PGCopyOutputStream(connection.unwrap(PGConnection.class), sql, 1 << 20);
        try (Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16)) {
            CopyText text = new CopyText(out);
            rows.write(text);
            text.flush();
        } catch (IOException e) {
            if (e.getCause() instanceof SQLException cause) {
                throw cause;
            }
            throw new UncheckedIOException(e);
        }
    }

    private void order(CopyText rows, OrderRecord order) throws IOException {
        var phone = StoredPhone.of(tenant, order.buyer().phone(), personalData);
        rows.text(order.platform().code())
                .text(order.orderNo())
                .text(order.status().code())
                .number(order.totalFen())
                .number(order.paidFen())
                .number(order.postFeeFen())
                .number(order.refundedFen())
                .time(order.createdAt())
                .time(order.paidAt())
                .time(order.shippedAt())
                .time(order.finishedAt())
                .text(order.buyer().nick())
                .text(order.buyer().openId())
                .text(order.buyer().unionid())
                .text(order.buyer().openid())
                .text(phone.hash())
                .text(phone.sealed())
                .text(phone.masked())
                .text(order.province())
                .text(order.city())
                .endRow();
    }

    private static void line(CopyText rows, long orderId, int lineNo, OrderLine line) throws IOException {
        rows.number(orderId)
                .number(lineNo)
                .text(line.sku())
                .text(line.title())
                .number(line.quantity())
                .number(line.unitPriceFen())
                .number(line.amountFen())
                .endRow();
    }
}
