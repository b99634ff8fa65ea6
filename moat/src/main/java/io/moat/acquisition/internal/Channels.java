package io.moat.acquisition.internal;

import io.moat.acquisition.internal.ChannelSpec.StaffSpec;
import io.moat.acquisition.internal.ChannelView.StaffView;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.tags.ChannelTagMap;
import io.moat.wecom.WecomContactWays;
import io.moat.workspace.AuditLog;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Channel codes: create, change, take staff offline, delete. WeCom is changed first (one contact way per staff
 * member, each with its own state) and the channel's tags are mapped to every state through the tags module, which
 * then tags each add itself. A refusal anywhere leaves nothing behind: the rows roll back and the contact ways made
 * so far are deleted again. Call in the workspace's scope.
 */
@Component
@Transactional
public class Channels {

    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final ChannelRows rows;
    private final WecomContactWays ways;
    private final ChannelTagMap tags;
    private final AuditLog audit;
    private final Clock clock;

    Channels(
            JdbcClient jdbc, ChannelRows rows, WecomContactWays ways, ChannelTagMap tags, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.ways = ways;
        this.tags = tags;
        this.audit = audit;
        this.clock = clock;
    }

    public ChannelView create(TenantId tenant, String slug, ChannelSpec spec, String publicBaseUrl) {
        ChannelRules.check(spec);
        requireFreeName(tenant, spec.name(), -1);
        Instant now = clock.instant();
        String code = slug + "-" + random(8);
        long id = jdbc.sql("""
                insert into acquisition.channel (tenant_id, code, name, kind, kind_fields, rotation_mode, sticky,
                                                 tag_ids, welcome, cost_fen, public_base_url, created_at, updated_at)
                values (?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?)
                returning id
                """)
                .params(
                        tenant.value(),
                        code,
                        spec.name(),
                        spec.kind().code(),
                        rows.json(spec.kindFields()),
                        spec.mode().name().toLowerCase(),
                        spec.sticky(),
                        spec.tagIds().toArray(Long[]::new),
                        rows.json(spec.welcome()),
                        spec.costFen(),
                        publicBaseUrl,
                        at(now),
                        at(now))
                .query(Long.class)
                .single();
        List<String> created = new ArrayList<>();
        try {
            for (int i = 0; i < spec.staff().size(); i++) {
                addStaff(tenant, id, spec, i, created);
            }
        } catch (RuntimeException e) {
            undo(tenant, created);
            throw e;
        }
        audit.record("acquisition.channel.created", "channel:" + id, Map.of("name", spec.name(), "code", code));
        return rows.find(tenant, id).orElseThrow();
    }

    public ChannelView update(TenantId tenant, long id, ChannelSpec spec, String publicBaseUrl) {
        ChannelRules.check(spec);
        ChannelView current = live(tenant, id);
        requireFreeName(tenant, spec.name(), id);
        jdbc.sql("""
                update acquisition.channel set name = ?, kind = ?, kind_fields = cast(? as jsonb), rotation_mode = ?,
                       sticky = ?, tag_ids = ?, welcome = cast(? as jsonb), cost_fen = ?, public_base_url = ?,
                       updated_at = ?
                where tenant_id = ? and id = ?
                """)
                .params(
                        spec.name(),
                        spec.kind().code(),
                        rows.json(spec.kindFields()),
                        spec.mode().name().toLowerCase(),
                        spec.sticky(),
                        spec.tagIds().toArray(Long[]::new),
                        rows.json(spec.welcome()),
                        spec.costFen(),
                        publicBaseUrl,
                        at(clock.instant()),
                        tenant.value(),
                        id)
                .update();
        Map<String, StaffView> before =
                current.staff().stream().collect(Collectors.toMap(StaffView::staffUserId, Function.identity()));
        List<String> created = new ArrayList<>();
        List<String> toDelete = new ArrayList<>();
        try {
            for (int i = 0; i < spec.staff().size(); i++) {
                StaffSpec staff = spec.staff().get(i);
                StaffView old = before.remove(staff.staffUserId());
                if (old == null || old.configId() == null) {
                    addStaff(tenant, id, spec, i, created);
                } else {
                    rows.updateStaff(tenant, id, i, staff);
                    tags.map(tenant, old.state(), spec.tagIds());
                }
            }
            for (StaffView gone : before.values()) {
                rows.removeStaff(tenant, id, gone.staffUserId(), clock.instant());
                tags.map(tenant, gone.state(), List.of());
                if (gone.configId() != null) {
                    toDelete.add(gone.configId());
                }
            }
        } catch (RuntimeException e) {
            undo(tenant, created);
            throw e;
        }
        toDelete.forEach(configId -> ways.deleteIfPresent(tenant, configId));
        audit.record("acquisition.channel.updated", "channel:" + id, Map.of("name", spec.name()));
        return rows.find(tenant, id).orElseThrow();
    }

    /** Takes a staff member out of (or back into) the rotation at once. */
    public ChannelView setOnline(TenantId tenant, long id, String staffUserId, boolean online) {
        live(tenant, id);
        int changed =
                jdbc.sql("""
                update acquisition.channel_staff set online = ?
                where tenant_id = ? and channel_id = ? and staff_user_id = ? and removed_at is null
                """).params(online, tenant.value(), id, staffUserId).update();
        if (changed == 0) {
            throw new Problem(
                    HttpStatus.NOT_FOUND,
                    "not-found",
                    "No staff member " + staffUserId + " on this code.",
                    "staffUserId");
        }
        audit.record(
                "acquisition.channel.staff-" + (online ? "online" : "offline"),
                "channel:" + id,
                Map.of("staff", staffUserId));
        return rows.find(tenant, id).orElseThrow();
    }

    /** A contact way that WeCom no longer had, made again with the same state. */
    public record Repair(String staffUserId, String oldConfigId, String newConfigId, String reason) {}

    /**
     * Checks each staff member's contact way in WeCom; one deleted there (WeCom answers 40058) is made again with the
     * same state, so adds keep their channel, and the repair is recorded with its reason.
     */
    public List<Repair> check(TenantId tenant, long id) {
        ChannelView channel = live(tenant, id);
        List<Repair> repairs = new ArrayList<>();
        for (int i = 0; i < channel.staff().size(); i++) {
            StaffView staff = channel.staff().get(i);
            if (staff.configId() == null || ways.exists(tenant, staff.configId())) {
                continue;
            }
            var way = ways.create(
                    tenant, staff.staffUserId(), staff.state(), truncate(channel.name(), 30), "staff[" + i + "]");
            jdbc.sql("""
                    update acquisition.channel_staff set config_id = ?, qr_code = ?
                    where tenant_id = ? and channel_id = ? and staff_user_id = ?
                    """)
                    .params(way.configId(), way.qrCode(), tenant.value(), id, staff.staffUserId())
                    .update();
            var repair = new Repair(
                    staff.staffUserId(), staff.configId(), way.configId(), "contact way deleted in WeCom (40058)");
            audit.record(
                    "acquisition.channel.way-recreated",
                    "channel:" + id,
                    Map.of(
                            "staff",
                            repair.staffUserId(),
                            "old",
                            repair.oldConfigId(),
                            "new",
                            repair.newConfigId(),
                            "reason",
                            repair.reason()));
            repairs.add(repair);
        }
        return repairs;
    }

    /**
     * Deletes the code: its contact ways go in WeCom, its states give no tags any more. The rows stay, so a late add
     * through an old QR is still recognised (and recorded as an add through a deleted channel).
     */
    public void delete(TenantId tenant, long id) {
        ChannelView channel = live(tenant, id);
        for (StaffView staff : channel.staff()) {
            if (staff.configId() != null) {
                ways.deleteIfPresent(tenant, staff.configId());
            }
            tags.map(tenant, staff.state(), List.of());
            rows.removeStaff(tenant, id, staff.staffUserId(), clock.instant());
        }
        jdbc.sql("update acquisition.channel set deleted_at = ? where tenant_id = ? and id = ?")
                .params(at(clock.instant()), tenant.value(), id)
                .update();
        audit.record("acquisition.channel.deleted", "channel:" + id, Map.of("name", channel.name()));
    }

    @Transactional(readOnly = true)
    public List<ChannelView> list(TenantId tenant) {
        return rows.list(tenant);
    }

    @Transactional(readOnly = true)
    public Optional<ChannelView> find(TenantId tenant, long id) {
        return rows.find(tenant, id);
    }

    private ChannelView live(TenantId tenant, long id) {
        return rows.find(tenant, id)
                .filter(channel -> channel.deletedAt() == null)
                .orElseThrow(() -> new Problem(HttpStatus.NOT_FOUND, "not-found", "No such channel code."));
    }

    private void requireFreeName(TenantId tenant, String name, long exceptId) {
        if (rows.nameTaken(tenant, name, exceptId)) {
            throw new Problem(HttpStatus.CONFLICT, "channel-name-taken", "Another channel code has this name.", "name");
        }
    }

    private void addStaff(TenantId tenant, long channel, ChannelSpec spec, int index, List<String> created) {
        StaffSpec staff = spec.staff().get(index);
        String state = "mc" + channel + "-" + random(6);
        tags.map(tenant, state, spec.tagIds());
        var way = ways.create(
                tenant, staff.staffUserId(), state, truncate(spec.name(), 30), "staff[" + index + "].staffUserId");
        created.add(way.configId());
        rows.putStaff(tenant, channel, index, staff, state, way.configId(), way.qrCode());
    }

    private void undo(TenantId tenant, List<String> configIds) {
        for (String configId : configIds) {
            try {
                ways.deleteIfPresent(tenant, configId);
            } catch (RuntimeException ignored) {
                // The refusal that got us here is what the caller needs to see; a way left over is harmless.
            }
        }
    }

    private static String random(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    private static String truncate(String value, int max) {
        return value.codePointCount(0, value.length()) <= max
                ? value
                : value.substring(0, value.offsetByCodePoints(0, max));
    }

    private static java.time.OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
