package io.moat.journeys.internal;

import io.moat.community.TypedGroups;
import io.moat.journeys.calendar.SlotExpansion;
import io.moat.journeys.calendar.SlotJson;
import io.moat.journeys.calendar.SopCalendar;
import io.moat.journeys.calendar.SopSlot;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.shared.schedule.Schedule;
import io.moat.workspace.WorkspaceDirectory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Group SOP calendars, one per group type: saving one replaces its slots and (re)starts its sweep, a row of due work
 * per saved revision that runs at each next occurrence ({@link SopSweep}); a sweep of an older revision finds it
 * outdated and ends. Call in the workspace's scope.
 */
@Service
@Transactional
public class SopCalendars {

    static final int MAX_SLOTS = 60;

    private final JdbcClient jdbc;
    private final Schedule schedule;
    private final WorkspaceDirectory zones;
    private final Clock clock;

    SopCalendars(JdbcClient jdbc, Schedule schedule, WorkspaceDirectory zones, Clock clock) {
        this.jdbc = jdbc;
        this.schedule = schedule;
        this.zones = zones;
        this.clock = clock;
    }

    private static final String SELECT = """
            select id, group_type, name, active, slots::text, revision, updated_at
            from journeys.sop_calendar where tenant_id = ?""";

    @Transactional(readOnly = true)
    public List<SopCalendar> list(TenantId tenant) {
        return jdbc.sql(SELECT + " order by group_type")
                .param(tenant.value())
                .query(SopCalendars::calendar)
                .list();
    }

    @Transactional(readOnly = true)
    public Optional<SopCalendar> of(TenantId tenant, String groupType) {
        return jdbc.sql(SELECT + " and group_type = ?")
                .params(tenant.value(), groupType)
                .query(SopCalendars::calendar)
                .optional();
    }

    Optional<SopCalendar> byId(TenantId tenant, long id) {
        return jdbc.sql(SELECT + " and id = ?")
                .params(tenant.value(), id)
                .query(SopCalendars::calendar)
                .optional();
    }

    /**
     * Replaces a group type's calendar (creating it on first save). Slots without a key get a new one; a slot keeps
     * its key across edits so a post already made today is not made again when it is moved.
     */
    public SopCalendar save(TenantId tenant, String groupType, String name, boolean active, List<SopSlot> slots) {
        if (!TypedGroups.isType(groupType)) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "unknown-group-type",
                    "No group type " + groupType + "; one of " + TypedGroups.types() + ".",
                    "groupType");
        }
        List<SopSlot> keyed = checked(slots);
        Instant now = clock.instant();
        SopCalendar saved = jdbc.sql("""
                insert into journeys.sop_calendar (tenant_id, group_type, name, active, slots, updated_at)
                values (?, ?, ?, ?, cast(? as jsonb), ?)
                on conflict (tenant_id, group_type) do update set name = excluded.name, active = excluded.active,
                    slots = excluded.slots, revision = journeys.sop_calendar.revision + 1,
                    updated_at = excluded.updated_at
                returning id, group_type, name, active, slots::text, revision, updated_at
                """)
                .params(tenant.value(), groupType, name, active, SlotJson.text(keyed), JourneyStore.utc(now))
                .query(SopCalendars::calendar)
                .single();
        if (saved.active()) {
            SlotExpansion.next(saved.slots(), zones.zoneOf(tenant), now)
                    .ifPresent(next -> schedule.schedule(
                            SopSweep.KIND,
                            saved.id() + ":" + saved.revision(),
                            next.at(),
                            SopSweep.payload(saved.id(), saved.revision(), now)));
        }
        return saved;
    }

    private static List<SopSlot> checked(List<SopSlot> slots) {
        if (slots.size() > MAX_SLOTS) {
            throw new Problem(HttpStatus.BAD_REQUEST, "invalid-calendar", "At most " + MAX_SLOTS + " slots.", "slots");
        }
        Set<String> keys = new HashSet<>();
        List<SopSlot> keyed = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            SopSlot slot = slots.get(i);
            String field = "slots[" + i + "]";
            if (slot.title().isBlank() || slot.title().length() > 40) {
                throw new Problem(
                        HttpStatus.BAD_REQUEST,
                        "invalid-calendar",
                        field + ".title: 1 to 40 characters.",
                        field + ".title");
            }
            if (slot.text().isBlank() && slot.attachments().isEmpty()) {
                throw new Problem(
                        HttpStatus.BAD_REQUEST,
                        "invalid-calendar",
                        field + ".text: a post needs a text or an attachment.",
                        field + ".text");
            }
            if (slot.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 4000) {
                throw new Problem(
                        HttpStatus.BAD_REQUEST,
                        "invalid-calendar",
                        field + ".text: WeCom takes at most 4000 bytes.",
                        field + ".text");
            }
            String key = slot.key().isBlank() ? UUID.randomUUID().toString().substring(0, 8) : slot.key();
            if (!key.matches("[A-Za-z0-9_-]{1,40}") || !keys.add(key)) {
                throw new Problem(
                        HttpStatus.BAD_REQUEST,
                        "invalid-calendar",
                        field + ".key: letters, digits, - or _, unique in the calendar.",
                        field + ".key");
            }
            keyed.add(new SopSlot(key, slot.weekday(), slot.time(), slot.title(), slot.text(), slot.attachments()));
        }
        return keyed;
    }

    private static SopCalendar calendar(ResultSet rs, int row) throws SQLException {
        return new SopCalendar(
                rs.getLong("id"),
                rs.getString("group_type"),
                rs.getString("name"),
                rs.getBoolean("active"),
                SlotJson.slots(rs.getString("slots")),
                rs.getInt("revision"),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
