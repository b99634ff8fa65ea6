package io.moat.journeys.internal;

import io.moat.community.TypedGroups.TypedGroup;
import io.moat.journeys.calendar.Occurrence;
import io.moat.journeys.calendar.SopCalendar;
import io.moat.messaging.Content;
import io.moat.messaging.SendBroker;
import io.moat.messaging.SendRequest;
import io.moat.messaging.SendView;
import io.moat.shared.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The posts a calendar made: one group send per (calendar, slot, local day, group), asked of the send broker as a
 * group mass-send task of the group's owner. Both the post row's key and the send key are that tuple, so asking
 * twice (a sweep run again, a second instance) makes one post and one send.
 */
@Component
@Transactional
public class SopPosts {

    /** How long quiet hours may hold a slot's post before it is skipped: a morning check-in at night is noise. */
    static final Duration HOLD = Duration.ofHours(3);

    private final JdbcClient jdbc;
    private final SendBroker broker;

    SopPosts(JdbcClient jdbc, SendBroker broker) {
        this.jdbc = jdbc;
        this.broker = broker;
    }

    /** A post as the console lists it, with its send's state. */
    public record Post(
            String slotKey,
            String title,
            LocalDate date,
            Instant dueAt,
            String chatId,
            long sendId,
            String state,
            @Nullable String reason,
            @Nullable Instant settledAt) {}

    static String sendKey(long calendarId, String slotKey, LocalDate date, String chatId) {
        return "sop/" + calendarId + "/" + slotKey + "/" + date + "/group/" + chatId;
    }

    /** The journey id the broker's statistics know a calendar's sends by. */
    static String journeyTag(long calendarId) {
        return "sop-" + calendarId;
    }

    /** Makes the post of one occurrence in one group; answers false if it had been made already. */
    boolean post(TenantId tenant, SopCalendar calendar, Occurrence occurrence, TypedGroup group, Instant now) {
        var slot = occurrence.slot();
        String owner = java.util.Objects.requireNonNull(group.owner());
        long sendId = broker.request(new SendRequest(
                sendKey(calendar.id(), slot.key(), occurrence.date(), group.chatId()),
                io.moat.messaging.Channel.GROUP,
                null,
                group.chatId(),
                owner,
                new Content(slot.text(), java.util.Map.of(), slot.attachments()),
                io.moat.messaging.Priority.NORMAL,
                occurrence.at(),
                HOLD,
                null,
                journeyTag(calendar.id()),
                slot.key()));
        return jdbc.sql("""
                insert into journeys.sop_post
                    (tenant_id, calendar_id, slot_key, local_date, chat_id, due_at, title, send_id, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict do nothing
                """)
                        .params(
                                tenant.value(),
                                calendar.id(),
                                slot.key(),
                                occurrence.date(),
                                group.chatId(),
                                JourneyStore.utc(occurrence.at()),
                                slot.title(),
                                sendId,
                                JourneyStore.utc(now))
                        .update()
                == 1;
    }

    /** The calendar's posts, latest first, with their sends' states. */
    @Transactional(readOnly = true)
    public List<Post> past(TenantId tenant, long calendarId, int limit) {
        record Row(String slotKey, String title, LocalDate date, Instant dueAt, String chatId, long sendId) {}
        List<Row> rows = jdbc.sql("""
                select slot_key, title, local_date, due_at, chat_id, send_id from journeys.sop_post
                where tenant_id = ? and calendar_id = ? order by due_at desc, chat_id limit ?
                """)
                .params(tenant.value(), calendarId, limit)
                .query((rs, n) -> new Row(
                        rs.getString("slot_key"),
                        rs.getString("title"),
                        rs.getObject("local_date", LocalDate.class),
                        rs.getObject("due_at", OffsetDateTime.class).toInstant(),
                        rs.getString("chat_id"),
                        rs.getLong("send_id")))
                .list();
        return rows.stream()
                .map(r -> {
                    SendView send = broker.find(r.sendId()).orElse(null);
                    return new Post(
                            r.slotKey(),
                            r.title(),
                            r.date(),
                            r.dueAt(),
                            r.chatId(),
                            r.sendId(),
                            send == null ? "unknown" : send.state().column(),
                            send == null ? null : send.reason(),
                            send == null ? null : send.settledAt());
                })
                .toList();
    }
}
