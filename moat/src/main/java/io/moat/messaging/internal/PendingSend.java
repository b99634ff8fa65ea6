package io.moat.messaging.internal;

import io.moat.messaging.Channel;
import io.moat.messaging.Priority;
import io.moat.messaging.SendState;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A send not settled yet, as the broker's steps need it. */
record PendingSend(
        long id,
        Channel channel,
        @Nullable Long customerId,
        @Nullable String chatId,
        @Nullable String staffUserId,
        List<String> triedStaff,
        @Nullable String welcomeCode,
        String body,
        String attachments,
        Priority priority,
        Instant holdUntil,
        SendState state) {

    private static final String COLUMNS = """
            id, channel, customer_id, chat_id, staff_user_id, tried_staff, welcome_code, body, attachments::text,
            priority, hold_until, state""";

    /** Loads and locks the send, if it exists. */
    static @Nullable PendingSend lock(JdbcClient jdbc, long tenant, long id) {
        return jdbc.sql("select " + COLUMNS + " from messaging.send where tenant_id = ? and id = ? for update")
                .params(tenant, id)
                .query((row, n) -> of(row))
                .optional()
                .orElse(null);
    }

    /**
     * Loads and locks, in id order, the sends whose ids {@code idsSql} selects (named parameters {@code params} and
     * {@code :tenant}).
     */
    static List<PendingSend> lockAll(JdbcClient jdbc, long tenant, String idsSql, Map<String, Object> params) {
        var statement = jdbc.sql("select " + COLUMNS + " from messaging.send where tenant_id = :tenant and id in ("
                        + idsSql + ") order by id for update")
                .param("tenant", tenant);
        for (var param : params.entrySet()) {
            statement = statement.param(param.getKey(), param.getValue());
        }
        return statement.query((row, n) -> of(row)).list();
    }

    private static PendingSend of(java.sql.ResultSet row) throws java.sql.SQLException {
        return new PendingSend(
                row.getLong(1),
                Channel.valueOf(row.getString(2).toUpperCase(Locale.ROOT)),
                row.getObject(3) == null ? null : row.getLong(3),
                row.getString(4),
                row.getString(5),
                List.of((String[]) row.getArray(6).getArray()),
                row.getString(7),
                row.getString(8),
                row.getString(9),
                Priority.valueOf(row.getString(10).toUpperCase(Locale.ROOT)),
                row.getObject(11, java.time.OffsetDateTime.class).toInstant(),
                SendState.of(row.getString(12)));
    }
}
