package io.moat.bench.ingest;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * The three reference peers, all into {@code bench.b3_order} (PK + customer index) as the owner login, one
 * transaction per load: a plain JDBC batch of 1000, the same with pgJDBC's {@code reWriteBatchedInserts=true}, and a
 * raw {@code COPY} in text format. None validates or dedupes.
 */
final class PlainTablePeers {

    private static final String PROFILE = """
            insert into bench.b3_profile as p (customer, orders, spent_fen, last_order_at)
            select customer, count(*), sum(amount), max(time) from bench.b3_order group by customer
            on conflict (customer) do update set orders = p.orders + excluded.orders,
                spent_fen = p.spent_fen + excluded.spent_fen,
                last_order_at = greatest(p.last_order_at, excluded.last_order_at)
            """;

    private PlainTablePeers() {}

    static Peer jdbcBatch(B3Database db) {
        return new Batch(db, "JDBC batch of 1000", "");
    }

    static Peer rewrittenBatch(B3Database db) {
        return new Batch(db, "reWriteBatchedInserts", "?reWriteBatchedInserts=true");
    }

    static Peer copy(B3Database db) {
        return new Copy(db);
    }

    private abstract static class PlainTable implements Peer {
        final B3Database db;

        PlainTable(B3Database db) {
            this.db = db;
        }

        @Override
        public void reset() throws Exception {
            db.execute("truncate bench.b3_order, bench.b3_profile");
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
                    ResultSet row = statement.executeQuery("select (select count(*) from bench.b3_order),"
                            + " (select count(*) from bench.b3_profile),"
                            + " (select coalesce(sum(spent_fen), 0) from bench.b3_profile)")) {
                row.next();
                return new Cardinality(row.getLong(1), 0, row.getLong(2), row.getLong(3));
            }
        }
    }

    private static final class Batch extends PlainTable {
        private final String name;
        private final String options;

        Batch(B3Database db, String name, String options) {
            super(db);
            this.name = name;
            this.options = options;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void load(B3Data data) throws Exception {
            try (Connection connection = db.owner(options);
                    PreparedStatement insert = connection.prepareStatement(
                            "insert into bench.b3_order (id, customer, time, amount, sku, channel)"
                                    + " values (?, ?, ?, ?, ?, ?)")) {
                connection.setAutoCommit(false);
                for (int i = 0; i < data.rows; i++) {
                    insert.setLong(1, data.id[i]);
                    insert.setLong(2, data.customer[i]);
                    insert.setObject(
                            3, OffsetDateTime.ofInstant(Instant.ofEpochSecond(data.epochSecond[i]), ZoneOffset.UTC));
                    insert.setLong(4, data.amount[i]);
                    insert.setString(5, data.sku(i));
                    insert.setString(6, data.channel(i));
                    insert.addBatch();
                    if ((i + 1) % 1000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
                connection.commit();
            }
        }
    }

    private static final class Copy extends PlainTable {
        Copy(B3Database db) {
            super(db);
        }

        @Override
        public String name() {
            return "raw COPY";
        }

        @Override
        public void load(B3Data data) throws Exception {
            try (Connection connection = db.owner("")) {
                connection.setAutoCommit(false);
                var stream = new PGCopyOutputStream(
                        connection.unwrap(PGConnection.class), "copy bench.b3_order from stdin", 1 << 20);
                try (Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16)) {
                    StringBuilder row = new StringBuilder(128);
                    for (int i = 0; i < data.rows; i++) {
                        row.setLength(0);
                        row.append(data.id[i])
                                .append('\t')
                                .append(data.customer[i])
                                .append('\t')
                                .append(Instant.ofEpochSecond(data.epochSecond[i]))
                                .append('\t')
                                .append(data.amount[i])
                                .append('\t')
                                .append(data.sku(i))
                                .append('\t')
                                .append(data.channel(i))
                                .append('\n');
                        out.append(row);
                    }
                }
                connection.commit();
            }
        }
    }
}
