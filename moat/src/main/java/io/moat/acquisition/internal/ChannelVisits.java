package io.moat.acquisition.internal;

import io.moat.acquisition.internal.ChannelView.StaffView;
import io.moat.acquisition.rotation.Decision;
import io.moat.acquisition.rotation.StaffRotation;
import io.moat.acquisition.rotation.StaffSlot;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.workspace.WorkspaceDirectory;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A visit of a channel code's public page: the rotation picks the staff member whose contact-way QR is shown, under
 * a lock on the channel so concurrent visits never push anyone past their cap, and the visit is logged with the
 * decision and its reason. A code is {@code <workspace slug>-<8 characters>}, so the page finds its workspace
 * without a sign-in. No personal data is kept: a first-party visitor id, the user agent and the referrer.
 */
@Component
public class ChannelVisits {

    static final int KEY_LENGTH = 8;

    private final JdbcClient jdbc;
    private final ChannelRows rows;
    private final WorkspaceDirectory directory;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ChannelVisits(
            JdbcClient jdbc,
            ChannelRows rows,
            WorkspaceDirectory directory,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.directory = directory;
        this.transactions = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** What the visitor is shown: the chosen staff member's contact way, or nobody (with the reason). */
    public record Shown(
            String channel,
            @Nullable String staffUserId,
            @Nullable String configId,
            @Nullable String qrCode,
            String decision,
            String reason) {}

    private record Locked(long id, String name, String mode, boolean sticky) {}

    public Shown visit(String code, String visitorId, @Nullable String userAgent, @Nullable String referrer) {
        if (code.length() <= KEY_LENGTH + 1 || code.charAt(code.length() - KEY_LENGTH - 1) != '-') {
            throw unknown();
        }
        var workspace = directory
                .bySlug(code.substring(0, code.length() - KEY_LENGTH - 1))
                .orElseThrow(ChannelVisits::unknown);
        TenantId tenant = workspace.tenant();
        return CallContext.forTenant(tenant, "visitor")
                .call(() -> transactions.execute(status -> {
                    Locked channel = jdbc.sql("""
                    select id, name, rotation_mode as mode, sticky from acquisition.channel
                    where tenant_id = ? and code = ? and deleted_at is null
                    for update
                    """)
                            .params(tenant.value(), code)
                            .query(Locked.class)
                            .optional()
                            .orElseThrow(ChannelVisits::unknown);
                    Instant now = clock.instant();
                    LocalDateTime local = LocalDateTime.ofInstant(now, workspace.timezone());
                    LocalDate day = local.toLocalDate();
                    List<StaffView> staff = rows.staff(tenant, channel.id()).stream()
                            .filter(s -> s.configId() != null)
                            .toList();
                    var rotation = new StaffRotation(
                            StaffRotation.Mode.valueOf(channel.mode().toUpperCase()),
                            channel.sticky(),
                            staff.stream()
                                    .map(s -> new StaffSlot(
                                            s.staffUserId(),
                                            s.weight(),
                                            s.dailyCap(),
                                            s.hours(),
                                            s.backup(),
                                            s.online() && s.leftAt() == null))
                                    .toList());
                    Decision decision = rotation.choose(
                            local, assignedOn(tenant, channel.id(), day), earlier(tenant, channel.id(), visitorId));
                    jdbc.sql("""
                    insert into acquisition.visit (tenant_id, channel_id, visitor_id, at, day, staff_user_id, decision,
                                                   reason, user_agent, referrer)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                            .params(
                                    tenant.value(),
                                    channel.id(),
                                    visitorId,
                                    now.atOffset(ZoneOffset.UTC),
                                    day,
                                    decision.staffUserId(),
                                    decision.kind().name().toLowerCase(),
                                    decision.reason(),
                                    clip(userAgent),
                                    clip(referrer))
                            .update();
                    if (decision.staffUserId() == null) {
                        return new Shown(channel.name(), null, null, null, "none", decision.reason());
                    }
                    jdbc.sql("""
                    insert into acquisition.visitor_staff (tenant_id, channel_id, visitor_id, staff_user_id, first_at)
                    values (?, ?, ?, ?, ?)
                    on conflict (tenant_id, channel_id, visitor_id) do update set staff_user_id = excluded.staff_user_id
                    """)
                            .params(
                                    tenant.value(),
                                    channel.id(),
                                    visitorId,
                                    decision.staffUserId(),
                                    now.atOffset(ZoneOffset.UTC))
                            .update();
                    StaffView chosen = staff.stream()
                            .filter(s -> s.staffUserId().equals(decision.staffUserId()))
                            .findFirst()
                            .orElseThrow();
                    return new Shown(
                            channel.name(),
                            chosen.staffUserId(),
                            chosen.configId(),
                            chosen.qrCode(),
                            decision.kind().name().toLowerCase(),
                            decision.reason());
                }));
    }

    private Map<String, Integer> assignedOn(TenantId tenant, long channel, LocalDate day) {
        Map<String, Integer> assigned = new HashMap<>();
        jdbc.sql("""
                select staff_user_id, count(*) from acquisition.visit
                where tenant_id = ? and channel_id = ? and day = ? and staff_user_id is not null
                group by staff_user_id
                """)
                .params(tenant.value(), channel, day)
                .query((row, n) -> assigned.put(row.getString(1), row.getInt(2)))
                .list();
        return assigned;
    }

    private Optional<String> earlier(TenantId tenant, long channel, String visitorId) {
        return jdbc.sql("""
                select staff_user_id from acquisition.visitor_staff
                where tenant_id = ? and channel_id = ? and visitor_id = ?
                """)
                .params(tenant.value(), channel, visitorId)
                .query(String.class)
                .optional();
    }

    private static @Nullable String clip(@Nullable String value) {
        return value == null ? null : value.length() > 500 ? value.substring(0, 500) : value;
    }

    private static Problem unknown() {
        return new Problem(HttpStatus.NOT_FOUND, "unknown-channel-code", "This code is not (or no longer) in use.");
    }
}
