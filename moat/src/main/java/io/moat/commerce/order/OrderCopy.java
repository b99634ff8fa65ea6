package io.moat.commerce.order;

import io.moat.shared.TenantId;
import io.moat.shared.crypto.PersonalData;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Writes orders known to be new, with their lines, by binary {@code COPY} straight into {@code commerce.orders} and
 * {@code commerce.order_line}, on the caller's transaction and connection.
 *
 * <p>Why a second role: PostgreSQL refuses {@code COPY FROM} into a table under row-level security, and both tables
 * are. For the two copies only, the transaction switches ({@code SET LOCAL ROLE}) to the application login's
 * loader role (migration {@code V20261126_0100}): {@code BYPASSRLS}, no login, and no right but {@code INSERT} on
 * these two tables, so it can neither read, change nor delete anything of any workspace. What row-level security
 * would have checked (that every row is the transaction's workspace) is guaranteed here instead: the workspace is
 * taken from the transaction's own setting and must equal the one the caller names, every row gets that
 * {@code tenant_id} from this class and from nothing the caller passes per row, and the role is reset after the
 * copies (and by the transaction's end, or the rollback of a failed copy, in any case). {@code BulkOrderLoadTests} loads for one workspace inside
 * another's transaction and checks that nothing is written.
 *
 * <p>Ids come from the orders' own identity sequence, drawn in one call before the copy, so each line carries its
 * order's id without a round trip per order. A copy writes each page of rows with one WAL record instead of one per
 * row, and skips the per-row executor work of an {@code INSERT … SELECT}.
 */
final class OrderCopy {

    private static final String ORDER_COLUMNS = "copy commerce.orders (tenant_id, id, " + OrderFields.ORDER_COLUMNS
            + ", source_import_id, recorded_at, updated_at) from stdin (format binary)";
    private static final int ORDER_FIELDS = 2 + OrderFields.ORDER_FIELDS + 3;
    private static final String LINE_COLUMNS = "copy commerce.order_line (tenant_id, order_id, "
            + OrderFields.LINE_COLUMNS + ") from stdin (format binary)";
    private static final int LINE_FIELDS = 2 + OrderFields.LINE_FIELDS;

    private final Connection connection;
    private final TenantId tenant;
    private final PersonalData personalData;

    OrderCopy(Connection connection, TenantId tenant, PersonalData personalData) {
        this.connection = connection;
        this.tenant = tenant;
        this.personalData = personalData;
    }

    /**
     * Writes {@code orders} at the given indexes with the given ids; returns each written order's phone hash (by
     * index; null where it has none).
     */
    @Nullable
    String[] write(List<OrderRecord> orders, int[] fresh, long[] ids, @Nullable Long importId, Instant now)
            throws SQLException {
        @Nullable String[] phoneHashes = new String[orders.size()];
        String loader = loaderRole();
        try (Statement statement = connection.createStatement()) {
            statement.execute("set local role " + loader);
        }
        // On failure the role is not reset here: the transaction (or the caller's savepoint) is rolled back, and
        // that undoes the SET LOCAL with it.
        copy(ORDER_COLUMNS, out -> {
            for (int k = 0; k < fresh.length; k++) {
                phoneHashes[fresh[k]] = order(out, ids[k], orders.get(fresh[k]), importId, now);
            }
        });
        copy(LINE_COLUMNS, out -> {
            for (int k = 0; k < fresh.length; k++) {
                List<OrderLine> lines = orders.get(fresh[k]).lines();
                for (int i = 0; i < lines.size(); i++) {
                    line(out, ids[k], i + 1, lines.get(i));
                }
            }
        });
        try (Statement statement = connection.createStatement()) {
            statement.execute("reset role");
        }
        return phoneHashes;
    }

    /**
     * Whether the application login may switch to its loader role. The migration leaves the role out where the owner
     * could not make it (see {@code V20261126_0100}); loads then insert instead of copying.
     */
    static boolean available(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("""
                        select exists (select 1 from pg_roles r
                                       where r.rolname = current_user || '_loader'
                                         and pg_has_role(current_user, r.oid, 'MEMBER'))""")) {
            row.next();
            return row.getBoolean(1);
        }
    }

    /** {@code count} fresh ids of {@code commerce.orders}, ascending. */
    static long[] allocateIds(Connection connection, int count) throws SQLException {
        long[] ids = new long[count];
        try (var statement = connection.prepareStatement("""
                select nextval(pg_get_serial_sequence('commerce.orders', 'id')::regclass)
                from generate_series(1, ?)""")) {
            statement.setInt(1, count);
            statement.setFetchSize(0);
            try (ResultSet row = statement.executeQuery()) {
                int i = 0;
                while (row.next()) {
                    ids[i++] = row.getLong(1);
                }
                if (i != count) {
                    throw new IllegalStateException("The order id sequence gave " + i + " ids of " + count);
                }
            }
        }
        return ids;
    }

    /**
     * Refuses unless the transaction on {@code connection} is scoped to {@code tenant}: the loader role bypasses
     * row-level security, so this check stands in for it.
     */
    static void requireScope(Connection connection, TenantId tenant) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select shared.current_tenant()")) {
            row.next();
            long scoped = row.getLong(1);
            boolean unscoped = row.wasNull();
            if (unscoped || scoped != tenant.value()) {
                throw new IllegalStateException("A load for workspace " + tenant.value()
                        + " must run in that workspace's transaction, not "
                        + (unscoped ? "an unscoped one" : "workspace " + scoped + "'s"));
            }
        }
    }

    /** The loader role's name, quoted; only after checking the transaction's scope, since the role has none. */
    private String loaderRole() throws SQLException {
        requireScope(connection, tenant);
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select quote_ident(current_user || '_loader')")) {
            row.next();
            return Objects.requireNonNull(row.getString(1));
        }
    }

    private interface Rows {
        void write(BinaryCopy out) throws IOException;
    }

    private void copy(String sql, Rows rows) throws SQLException {
        var stream = new PGCopyOutputStream(connection.unwrap(PGConnection.class), sql, 1 << 20);
        try {
            BinaryCopy out = new BinaryCopy(stream);
            rows.write(out);
            out.finish();
        } catch (IOException e) {
            if (stream.isActive()) {
                stream.cancelCopy();
            }
            if (e.getCause() instanceof SQLException cause) {
                throw cause;
            }
            throw new SQLException("Could not copy orders", e);
        }
    }

    private @Nullable String order(BinaryCopy out, long id, OrderRecord order, @Nullable Long importId, Instant now)
            throws IOException {
        var phone = StoredPhone.of(tenant, order.buyer().phone(), personalData);
        OrderFields.order(out.row(ORDER_FIELDS).bigint(tenant.value()).bigint(id), order, phone);
        out.bigint(importId).time(now).time(now);
        return phone.hash();
    }

    private void line(BinaryCopy out, long orderId, int lineNo, OrderLine line) throws IOException {
        OrderFields.line(out.row(LINE_FIELDS).bigint(tenant.value()).bigint(orderId), lineNo, line);
    }
}
