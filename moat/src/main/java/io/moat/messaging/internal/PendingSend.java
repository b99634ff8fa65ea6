package io.moat.messaging.internal;

import io.moat.messaging.Channel;
import io.moat.messaging.Priority;
import io.moat.messaging.SendState;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
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

    /** Loads and locks the send, if it exists. */
    static @Nullable PendingSend lock(JdbcClient jdbc, long tenant, long id) {
        return jdbc.sql("""
                        select id, channel, customer_id, chat_id, staff_user_id, tried_staff, welcome_code, body,
                               attachments::text, priority, hold_until, state
                        from messaging.send where tenant_id = ? and id = ? for update
                        """)
                .params(tenant, id)
                .query((row, n) -> new PendingSend(
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
                        SendState.of(row.getString(12))))
                .optional()
                .orElse(null);
    }
}
