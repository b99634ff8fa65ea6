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
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Session temp tables {@code pg_temp.bulk_order} and {@code pg_temp.bulk_order_line}, created in the caller's
 * transaction and dropped at its commit, filled with one {@code COPY} each on that transaction's own connection.
 * Temp tables write no WAL and live in the session's own buffers, so staging costs little next to the real write.
 * Each staged order carries {@code seq}, its index in the caller's list, and its lines are staged with the same
 * {@code seq}, so orders and lines go in together with one statement, before any order has an id.
 */
final class OrderStaging {

    private static final String CREATE = """
            drop table if exists pg_temp.bulk_order, pg_temp.bulk_order_line;
            create temp table bulk_order (
                seq int not null, platform text not null, order_no text not null, status text not null,
                total_fen bigint not null, paid_fen bigint not null, post_fee_fen bigint not null,
                refunded_fen bigint not null, created_at timestamptz not null, paid_at timestamptz,
                shipped_at timestamptz, finished_at timestamptz, buyer_nick text, buyer_open_id text, unionid text,
                openid text, phone_hash text, phone_sealed text, phone_masked text, receiver_province text,
                receiver_city text
            ) on commit drop;
            create temp table bulk_order_line (
                seq int not null, line_no int not null, sku text, title text not null, quantity int not null,
                unit_price_fen bigint, amount_fen bigint not null, refunded_fen bigint not null
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

    /**
     * Creates the staging tables and copies the orders at the given indexes of {@code orders} in, with their lines;
     * returns each staged order's phone hash (by index; null where it has none), which the write hands back.
     */
    @Nullable
    String[] stage(List<OrderRecord> orders, int[] chosen) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE);
        }
        @Nullable String[] phoneHashes = new String[orders.size()];
        copy("copy pg_temp.bulk_order (seq, " + OrderFields.ORDER_COLUMNS + ") from stdin", rows -> {
            for (int seq : chosen) {
                phoneHashes[seq] = order(rows, seq, orders.get(seq));
            }
        });
        copy("copy pg_temp.bulk_order_line (seq, " + OrderFields.LINE_COLUMNS + ") from stdin", rows -> {
            for (int seq : chosen) {
                List<OrderLine> lines = orders.get(seq).lines();
                for (int i = 0; i < lines.size(); i++) {
                    line(rows, seq, i + 1, lines.get(i));
                }
            }
        });
        return phoneHashes;
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

    private @Nullable String order(CopyText rows, int seq, OrderRecord order) throws IOException {
        var phone = StoredPhone.of(tenant, order.buyer().phone(), personalData);
        OrderFields.order(rows.integer(seq), order, phone);
        rows.endRow();
        return phone.hash();
    }

    private static void line(CopyText rows, int seq, int lineNo, OrderLine line) throws IOException {
        OrderFields.line(rows.integer(seq), lineNo, line);
        rows.endRow();
    }
}
