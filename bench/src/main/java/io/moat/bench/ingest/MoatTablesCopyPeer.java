package io.moat.bench.ingest;

import io.moat.commerce.Platform;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * The floor for Moat's own rows: a raw text {@code COPY} of the same orders, as Moat's bulk peer stores them, into
 * Moat's own {@code commerce.orders} and {@code commerce.order_line} (the same tables and indexes), as the owner
 * login, one transaction: no row check, no dedupe, no look-up of known orders, no id sequence (ids are the row
 * numbers), no row-level security, no event. Beside the reference peers, which write a 6-column table with two
 * indexes, this shows what Moat's bulk path costs over the least any loader must do to store its real rows. The
 * profile step is the reference peers' set-based upsert, over {@code commerce.orders}.
 */
final class MoatTablesCopyPeer implements Peer {

    private static final String PROFILE = """
            insert into bench.b3_profile as p (customer, orders, spent_fen, last_order_at)
            select buyer_open_id::bigint, count(*), sum(paid_fen), max(created_at) from commerce.orders
            where tenant_id = 1 group by buyer_open_id
            on conflict (customer) do update set orders = p.orders + excluded.orders,
                spent_fen = p.spent_fen + excluded.spent_fen,
                last_order_at = greatest(p.last_order_at, excluded.last_order_at)
            """;

    private final B3Database db;

    MoatTablesCopyPeer(B3Database db) {
        this.db = db;
    }

    @Override
    public String name() {
        return "raw COPY into Moat's tables";
    }

    @Override
    public void reset() throws Exception {
        db.execute("truncate commerce.order_line, commerce.orders, bench.b3_profile");
    }

    @Override
    public void load(B3Data data) throws Exception {
        long tenant = MoatBulkPeer.TENANT.value();
        String now = Instant.ofEpochSecond(data.epochSecond[0]).toString();
        try (Connection connection = db.owner("")) {
            connection.setAutoCommit(false);
            copy(
                    connection,
                    "copy commerce.orders (tenant_id, id, platform, order_no, status, total_fen, paid_fen,"
                            + " post_fee_fen, refunded_fen, created_at, paid_at, buyer_open_id, source_import_id,"
                            + " recorded_at, updated_at) from stdin",
                    (row, i) -> {
                        String time = Instant.ofEpochSecond(data.epochSecond[i]).toString();
                        row.append(tenant).append('\t').append(i + 1).append('\t');
                        row.append(Platform.ofCode(data.channel(i))
                                        .orElseThrow()
                                        .code())
                                .append('\t');
                        row.append(data.id[i]).append("\tpaid\t");
                        row.append(data.amount[i])
                                .append('\t')
                                .append(data.amount[i])
                                .append("\t0\t0\t");
                        row.append(time).append('\t').append(time).append('\t');
                        row.append(data.customer[i])
                                .append("\t1\t")
                                .append(now)
                                .append('\t')
                                .append(now);
                    },
                    data.rows);
            copy(
                    connection,
                    "copy commerce.order_line (tenant_id, order_id, line_no, sku, title, quantity, unit_price_fen,"
                            + " amount_fen, refunded_fen) from stdin",
                    (row, i) -> {
                        String sku = data.sku(i);
                        row.append(tenant).append('\t').append(i + 1).append("\t1\t");
                        row.append(sku).append('\t').append(sku).append("\t1\t");
                        row.append(data.amount[i])
                                .append('\t')
                                .append(data.amount[i])
                                .append("\t0");
                    },
                    data.rows);
            connection.commit();
        }
    }

    private interface Row {
        void append(StringBuilder row, int index);
    }

    private static void copy(Connection connection, String sql, Row fields, int rows) throws Exception {
        var stream = new PGCopyOutputStream(connection.unwrap(PGConnection.class), sql, 1 << 20);
        try (Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16)) {
            StringBuilder row = new StringBuilder(256);
            for (int i = 0; i < rows; i++) {
                row.setLength(0);
                fields.append(row, i);
                row.append('\n');
                out.append(row);
            }
        }
    }

    @Override
    public void profile() throws Exception {
        try (Connection connection = db.owner("");
                Statement statement = connection.createStatement()) {
            statement.executeUpdate(PROFILE);
        }
    }

    @Override
    public Cardinality cardinality() throws Exception {
        try (Connection connection = db.owner("");
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select (select count(*) from commerce.orders),"
                        + " (select count(*) from commerce.order_line), (select count(*) from bench.b3_profile),"
                        + " (select coalesce(sum(spent_fen), 0) from bench.b3_profile)")) {
            row.next();
            return new Cardinality(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4));
        }
    }
}
