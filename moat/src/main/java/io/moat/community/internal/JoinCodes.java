package io.moat.community.internal;

import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.wecom.WecomJoinWays;
import java.security.SecureRandom;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Join codes: WeCom group join ways made from Moat. Each has a public page {@code /j/{code}} (the code is {@code
 * <workspace slug>-<8 characters>}, so the page finds its workspace) whose visits are the code's scans — WeCom
 * reports none — and a state WeCom puts on every member who joins through it, so joins are counted per code.
 * WeCom is asked first; nothing is stored when it refuses.
 */
@Component
@Transactional
public class JoinCodes {

    static final int KEY_LENGTH = 8;
    static final int MAX_GROUPS = 5;
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final WecomJoinWays wecom;

    JoinCodes(JdbcClient jdbc, WecomJoinWays wecom) {
        this.jdbc = jdbc;
        this.wecom = wecom;
    }

    public record NewJoinCode(
            String name,
            List<String> chatIds,
            boolean autoCreateRoom,
            @Nullable String roomBaseName,
            @Nullable Integer roomBaseId) {}

    public record JoinCode(
            long id,
            String code,
            String name,
            String state,
            @Nullable String qrCode,
            List<String> chatIds,
            boolean autoCreateRoom,
            @Nullable String roomBaseName,
            @Nullable Integer roomBaseId,
            Instant createdAt) {}

    /** A code's figures over whole days (docs/metrics.md, "Join codes"). */
    public record CodeFigures(JoinCode code, long scans, long joins, long stillIn) {
        public @Nullable Double joinRate() {
            return GroupFigures.ratio(joins, scans);
        }
    }

    public JoinCode create(TenantId tenant, String slug, NewJoinCode request, Instant now) {
        List<String> chats =
                request.chatIds().stream().map(String::strip).distinct().toList();
        if (chats.isEmpty() || chats.size() > MAX_GROUPS) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST, "invalid-join-code", "A join code lists 1 to 5 groups.", "chatIds");
        }
        for (String chat : chats) {
            boolean live = jdbc.sql("""
                    select exists (select 1 from community.group_profile
                        where tenant_id = ? and chat_id = ? and dismissed_at is null)
                    """)
                    .params(tenant.value(), chat)
                    .query(Boolean.class)
                    .single();
            if (!live) {
                throw new Problem(
                        HttpStatus.BAD_REQUEST,
                        "unknown-group",
                        "No live customer group " + chat + " in this workspace.",
                        "chatIds");
            }
        }
        String key = key();
        String state = "jc_" + key;
        var way = wecom.create(
                tenant,
                new WecomJoinWays.Settings(
                        chats,
                        state,
                        request.name(),
                        request.autoCreateRoom(),
                        request.roomBaseName(),
                        request.roomBaseId()));
        long id = jdbc.sql("""
                insert into community.join_code (tenant_id, code, name, state, config_id, qr_code, chat_ids,
                    auto_create_room, room_base_name, room_base_id, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id
                """)
                .params(
                        tenant.value(),
                        slug + "-" + key,
                        request.name().strip(),
                        state,
                        way.configId(),
                        way.qrCode(),
                        way.chatIds().toArray(String[]::new),
                        request.autoCreateRoom(),
                        request.roomBaseName(),
                        request.roomBaseId(),
                        GroupRegistry.at(now))
                .query(Long.class)
                .single();
        return find(tenant, id);
    }

    /** Deletes the join way in WeCom and retires the code; its page answers 404 from now on. */
    public void delete(TenantId tenant, long id, Instant now) {
        var code = find(tenant, id);
        jdbc.sql("select config_id from community.join_code where tenant_id = ? and id = ?")
                .params(tenant.value(), id)
                .query(String.class)
                .optional()
                .ifPresent(configId -> wecom.delete(tenant, configId));
        jdbc.sql("update community.join_code set deleted_at = ? where tenant_id = ? and id = ?")
                .params(GroupRegistry.at(now), tenant.value(), code.id())
                .update();
    }

    /**
     * Re-reads the groups of codes that let WeCom open new groups: when all are full WeCom adds one to the way, and
     * joins there count for the code too.
     */
    public void refreshGroups(TenantId tenant) {
        var ways = jdbc.sql("""
                select id, config_id from community.join_code
                where tenant_id = ? and deleted_at is null and auto_create_room
                """)
                .param(tenant.value())
                .query((rs, row) -> new Object[] {rs.getLong(1), rs.getString(2)})
                .list();
        for (Object[] way : ways) {
            var now = wecom.read(tenant, (String) way[1]);
            jdbc.sql("update community.join_code set chat_ids = ? where tenant_id = ? and id = ?")
                    .params(now.chatIds().toArray(String[]::new), tenant.value(), way[0])
                    .update();
        }
    }

    @Transactional(readOnly = true)
    public JoinCode find(TenantId tenant, long id) {
        return jdbc.sql("select * from community.join_code where tenant_id = ? and id = ? and deleted_at is null")
                .params(tenant.value(), id)
                .query(JoinCodes::code)
                .optional()
                .orElseThrow(() -> new Problem(
                        HttpStatus.NOT_FOUND, "unknown-join-code", "No join code " + id + " in this workspace."));
    }

    /**
     * Every live code with its scans, joins through it (customers whose join carries its state) and the members who
     * joined through it and are still in, over the days {@code from} to {@code to}, both included.
     */
    @Transactional(readOnly = true)
    public List<CodeFigures> figures(TenantId tenant, LocalDate from, LocalDate to, ZoneId zone) {
        return jdbc.sql("""
                with bounds as (
                    select cast(:from as date)::timestamp at time zone :zone as period_start,
                           (cast(:to as date) + 1)::timestamp at time zone :zone as period_end
                )
                select j.*,
                    (select count(*) from community.join_code_scan s where s.tenant_id = j.tenant_id
                        and s.code_id = j.id and s.at >= b.period_start and s.at < b.period_end) as scans,
                    (select count(*) from community.membership_event e where e.tenant_id = j.tenant_id
                        and e.kind = 'join' and not e.staff and e.state = j.state
                        and e.at >= b.period_start and e.at < b.period_end) as joins,
                    (select count(*) from community.member m where m.tenant_id = j.tenant_id and not m.staff
                        and m.state = j.state and m.left_at is null) as still_in
                from community.join_code j, bounds b
                where j.tenant_id = :tenant and j.deleted_at is null
                order by j.created_at desc, j.id desc
                """)
                .param("tenant", tenant.value())
                .param("from", Date.valueOf(from))
                .param("to", Date.valueOf(to))
                .param("zone", zone.getId())
                .query((rs, row) -> new CodeFigures(
                        code(rs, row), rs.getLong("scans"), rs.getLong("joins"), rs.getLong("still_in")))
                .list();
    }

    /** A visit of the code's public page: one scan; the QR to show. Unknown or retired codes are 404. */
    public JoinCode scan(TenantId tenant, String code, Instant now) {
        var found = jdbc.sql(
                        "select * from community.join_code where tenant_id = ? and code = ? and deleted_at is null")
                .params(tenant.value(), code)
                .query(JoinCodes::code)
                .optional()
                .orElseThrow(JoinCodes::unknown);
        jdbc.sql("insert into community.join_code_scan (tenant_id, code_id, at) values (?, ?, ?)")
                .params(tenant.value(), found.id(), GroupRegistry.at(now))
                .update();
        return found;
    }

    public static Problem unknown() {
        return new Problem(HttpStatus.NOT_FOUND, "unknown-join-code", "This code is not (or no longer) in use.");
    }

    /** The workspace slug of a public code, if it has the form {@code <slug>-<key>}. */
    public static @Nullable String slugOf(String code) {
        int dash = code.length() - KEY_LENGTH - 1;
        return dash <= 0 || code.charAt(dash) != '-' ? null : code.substring(0, dash);
    }

    private static String key() {
        char[] key = new char[KEY_LENGTH];
        for (int i = 0; i < key.length; i++) {
            key[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(key);
    }

    private static JoinCode code(ResultSet rs, int row) throws SQLException {
        return new JoinCode(
                rs.getLong("id"),
                rs.getString("code"),
                rs.getString("name"),
                rs.getString("state"),
                rs.getString("qr_code"),
                Arrays.asList((String[]) rs.getArray("chat_ids").getArray()),
                rs.getBoolean("auto_create_room"),
                rs.getString("room_base_name"),
                (Integer) rs.getObject("room_base_id"),
                rs.getTimestamp("created_at").toInstant());
    }
}
