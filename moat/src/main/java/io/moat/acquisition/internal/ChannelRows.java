package io.moat.acquisition.internal;

import io.moat.acquisition.internal.ChannelSpec.StaffSpec;
import io.moat.acquisition.internal.ChannelSpec.WelcomeSpec;
import io.moat.acquisition.internal.ChannelView.StaffView;
import io.moat.acquisition.rotation.WorkingHours;
import io.moat.shared.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes channel rows and their staff rows; JSON columns go through the application's mapper. */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class ChannelRows {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ChannelRows(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    String json(Object value) {
        return json.writeValueAsString(value);
    }

    List<ChannelView> list(TenantId tenant) {
        return jdbc.sql(SELECT + " where tenant_id = ? and deleted_at is null order by id desc")
                .param(tenant.value())
                .query((row, n) -> channel(tenant, row))
                .list();
    }

    Optional<ChannelView> find(TenantId tenant, long id) {
        return jdbc.sql(SELECT + " where tenant_id = ? and id = ?")
                .params(tenant.value(), id)
                .query((row, n) -> channel(tenant, row))
                .optional();
    }

    boolean nameTaken(TenantId tenant, String name, long exceptId) {
        return jdbc.sql("""
                select exists (select 1 from acquisition.channel
                               where tenant_id = ? and name = ? and id <> ? and deleted_at is null)
                """)
                .params(tenant.value(), name, exceptId)
                .query(Boolean.class)
                .single();
    }

    void putStaff(
            TenantId tenant,
            long channel,
            int position,
            StaffSpec staff,
            String state,
            String configId,
            @Nullable String qr) {
        jdbc.sql("""
                insert into acquisition.channel_staff (tenant_id, channel_id, position, staff_user_id, state, config_id,
                                                       qr_code, weight, daily_cap, working_hours, backup, online)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?)
                on conflict (tenant_id, channel_id, staff_user_id) do update
                    set position = excluded.position, state = excluded.state, config_id = excluded.config_id, qr_code = excluded.qr_code,
                        weight = excluded.weight, daily_cap = excluded.daily_cap,
                        working_hours = excluded.working_hours, backup = excluded.backup, online = excluded.online,
                        removed_at = null, left_at = null
                """)
                .params(
                        tenant.value(),
                        channel,
                        position,
                        staff.staffUserId(),
                        state,
                        configId,
                        qr,
                        staff.weight(),
                        staff.dailyCap(),
                        json(staff.hours()),
                        staff.backup(),
                        staff.online())
                .update();
    }

    void updateStaff(TenantId tenant, long channel, int position, StaffSpec staff) {
        jdbc.sql("""
                update acquisition.channel_staff
                set position = ?, weight = ?, daily_cap = ?, working_hours = cast(? as jsonb), backup = ?, online = ?
                where tenant_id = ? and channel_id = ? and staff_user_id = ?
                """)
                .params(
                        position,
                        staff.weight(),
                        staff.dailyCap(),
                        json(staff.hours()),
                        staff.backup(),
                        staff.online(),
                        tenant.value(),
                        channel,
                        staff.staffUserId())
                .update();
    }

    void removeStaff(TenantId tenant, long channel, String staffUserId, Instant at) {
        jdbc.sql("""
                update acquisition.channel_staff set removed_at = ?, online = false, config_id = null, qr_code = null
                where tenant_id = ? and channel_id = ? and staff_user_id = ? and removed_at is null
                """)
                .params(at.atOffset(ZoneOffset.UTC), tenant.value(), channel, staffUserId)
                .update();
    }

    /** Staff rows still on the code (not removed), in the order they were added. */
    List<StaffView> staff(TenantId tenant, long channel) {
        return jdbc.sql("""
                select staff_user_id, state, config_id, qr_code, weight, daily_cap, working_hours, backup, online,
                       left_at
                from acquisition.channel_staff
                where tenant_id = ? and channel_id = ? and removed_at is null
                order by position
                """)
                .params(tenant.value(), channel)
                .query((row, n) -> new StaffView(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        row.getInt(5),
                        (Integer) row.getObject(6),
                        json.readValue(row.getString(7), WorkingHours.class),
                        row.getBoolean(8),
                        row.getBoolean(9),
                        instant(row.getObject(10, OffsetDateTime.class))))
                .list();
    }

    private static final String SELECT = """
            select id, code, name, kind, kind_fields, rotation_mode, sticky, tag_ids, welcome, cost_fen,
                   public_base_url, created_at, deleted_at
            from acquisition.channel""";

    private ChannelView channel(TenantId tenant, ResultSet row) throws SQLException {
        long id = row.getLong(1);
        Long[] tagIds = (Long[]) row.getArray(8).getArray();
        return new ChannelView(
                id,
                row.getString(2),
                row.getString(11) + "/c/" + row.getString(2),
                row.getString(3),
                row.getString(4),
                json.readValue(row.getString(5), new TypeReference<Map<String, String>>() {}),
                row.getString(6),
                row.getBoolean(7),
                staff(tenant, id),
                Arrays.asList(tagIds),
                json.readValue(row.getString(9), WelcomeSpec.class),
                row.getLong(10),
                row.getObject(12, OffsetDateTime.class).toInstant(),
                instant(row.getObject(13, OffsetDateTime.class)));
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
