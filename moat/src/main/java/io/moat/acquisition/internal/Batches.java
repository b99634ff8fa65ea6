package io.moat.acquisition.internal;

import io.moat.customers.CustomerLookup;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.workspace.AuditLog;
import io.moat.workspace.WorkspaceDirectory;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Package-card batches (包裹卡): parcels shipped with a channel code's card over a date range, with what the cards and
 * the benefits cost, and the batch's funnel (docs/metrics.md, "Acquisition"). Call in the workspace's scope.
 */
@Component
@Transactional
public class Batches {

    /** The field's benchmark for adds per parcel: 10–15 % is normal, above 15 % excellent. */
    static final double NORMAL = 0.10;

    static final double EXCELLENT = 0.15;

    private final JdbcClient jdbc;
    private final ChannelStats stats;
    private final CustomerLookup customers;
    private final AuditLog audit;
    private final WorkspaceDirectory zones;
    private final Clock clock;

    Batches(
            JdbcClient jdbc,
            ChannelStats stats,
            CustomerLookup customers,
            AuditLog audit,
            WorkspaceDirectory zones,
            Clock clock) {
        this.jdbc = jdbc;
        this.stats = stats;
        this.customers = customers;
        this.audit = audit;
        this.zones = zones;
        this.clock = clock;
    }

    /**
     * A batch to create. Without {@code startsOn} it starts today, the workspace's calendar day (its time zone, as the
     * funnel counts days); without {@code endsOn} it ends on the day it starts.
     */
    public record NewBatch(
            long channelId,
            String name,
            int parcels,
            long cardCostFen,
            long benefitCostFen,
            @Nullable LocalDate startsOn,
            @Nullable LocalDate endsOn) {}

    public record Batch(
            long id,
            long channelId,
            String name,
            int parcels,
            long cardCostFen,
            long benefitCostFen,
            LocalDate startsOn,
            LocalDate endsOn,
            OffsetDateTime createdAt) {}

    /**
     * parcels → scans → adds → benefit claimed → first private-domain order → repurchase within 30 / 90 days, with
     * buyers and GMV, conversion against the benchmark, cost per add and ROI. The repurchase rates are of the first
     * private-domain orders (empty without any).
     */
    public record Funnel(
            Batch batch,
            long scans,
            long adds,
            long claimed,
            long firstOrders,
            long repurchased30,
            long repurchased90,
            @Nullable Double repurchaseRate30,
            @Nullable Double repurchaseRate90,
            long buyers,
            long gmvFen,
            double conversion,
            String benchmark,
            long costFen,
            @Nullable Long costPerAddFen,
            @Nullable Double roi) {}

    public Batch create(TenantId tenant, NewBatch asked) {
        LocalDate startsOn =
                asked.startsOn() != null ? asked.startsOn() : LocalDate.now(clock.withZone(zones.zoneOf(tenant)));
        LocalDate endsOn = asked.endsOn() != null ? asked.endsOn() : startsOn;
        var batch = new NewBatch(
                asked.channelId(),
                asked.name(),
                asked.parcels(),
                asked.cardCostFen(),
                asked.benefitCostFen(),
                startsOn,
                endsOn);
        if (batch.name().isBlank()) {
            throw new Problem(HttpStatus.BAD_REQUEST, "invalid-batch", "A batch has a name.", "name");
        }
        if (batch.parcels() <= 0) {
            throw new Problem(HttpStatus.BAD_REQUEST, "invalid-batch", "A batch ships at least one parcel.", "parcels");
        }
        if (batch.cardCostFen() < 0 || batch.benefitCostFen() < 0) {
            throw new Problem(HttpStatus.BAD_REQUEST, "invalid-batch", "Costs are not negative.", "cardCostFen");
        }
        if (endsOn.isBefore(startsOn)) {
            throw new Problem(HttpStatus.BAD_REQUEST, "invalid-batch", "A batch ends on or after its start.", "endsOn");
        }
        boolean channel = jdbc.sql("""
                select exists (select 1 from acquisition.channel where tenant_id = ? and id = ? and deleted_at is null)
                """)
                .params(tenant.value(), batch.channelId())
                .query(Boolean.class)
                .single();
        if (!channel) {
            throw new Problem(HttpStatus.BAD_REQUEST, "invalid-batch", "No such channel code.", "channelId");
        }
        long id = jdbc.sql("""
                insert into acquisition.batch (tenant_id, channel_id, name, parcels, card_cost_fen, benefit_cost_fen,
                                               starts_on, ends_on, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id
                """)
                .params(
                        tenant.value(),
                        batch.channelId(),
                        batch.name(),
                        batch.parcels(),
                        batch.cardCostFen(),
                        batch.benefitCostFen(),
                        startsOn,
                        endsOn,
                        clock.instant().atOffset(ZoneOffset.UTC))
                .query(Long.class)
                .single();
        audit.record(
                "acquisition.batch.created",
                "batch:" + id,
                Map.of("channel", batch.channelId(), "parcels", batch.parcels()));
        return find(tenant, id);
    }

    @Transactional(readOnly = true)
    public List<Batch> list(TenantId tenant) {
        return jdbc.sql(SELECT + " where tenant_id = ? order by id desc")
                .param(tenant.value())
                .query(Batch.class)
                .list();
    }

    @Transactional(readOnly = true)
    public Funnel funnel(TenantId tenant, long id) {
        Batch batch = find(tenant, id);
        LocalDate to = batch.endsOn().plusDays(1);
        var period = stats.of(tenant, batch.channelId(), batch.startsOn(), to).totals();
        // Each WeCom customer added over the batch's dates, from their earliest add among them.
        Map<String, Instant> added = new LinkedHashMap<>();
        jdbc.sql("""
                select external_user_id, min(added_at) from acquisition.arrival
                where tenant_id = ? and channel_id = ? and day >= ? and day < ?
                group by external_user_id order by external_user_id
                """)
                .params(tenant.value(), batch.channelId(), batch.startsOn(), to)
                .query((row, n) -> added.put(
                        row.getString(1), row.getObject(2, OffsetDateTime.class).toInstant()))
                .list();
        long[] money = stats.moneyAfter(tenant, added);
        List<CustomerLookup.AfterAdd> after = customers.afterAdds(tenant, added);
        long claimed = after.stream().filter(CustomerLookup.AfterAdd::claimed).count();
        long firstOrders =
                after.stream().filter(a -> a.firstPrivateOrderAt() != null).count();
        long repurchased30 =
                after.stream().filter(CustomerLookup.AfterAdd::repurchased30).count();
        long repurchased90 =
                after.stream().filter(CustomerLookup.AfterAdd::repurchased90).count();
        long cost = batch.cardCostFen() + batch.benefitCostFen();
        double conversion = (double) period.adds() / batch.parcels();
        return new Funnel(
                batch,
                period.scans(),
                period.adds(),
                claimed,
                firstOrders,
                repurchased30,
                repurchased90,
                firstOrders == 0 ? null : (double) repurchased30 / firstOrders,
                firstOrders == 0 ? null : (double) repurchased90 / firstOrders,
                money[1],
                money[0],
                conversion,
                conversion > EXCELLENT ? "excellent" : conversion >= NORMAL ? "normal" : "below",
                cost,
                period.adds() == 0 ? null : (cost + period.adds() / 2) / period.adds(),
                cost == 0 ? null : (double) money[0] / cost);
    }

    private Batch find(TenantId tenant, long id) {
        return jdbc.sql(SELECT + " where tenant_id = ? and id = ?")
                .params(tenant.value(), id)
                .query(Batch.class)
                .optional()
                .orElseThrow(() -> new Problem(HttpStatus.NOT_FOUND, "not-found", "No such batch."));
    }

    private static final String SELECT = """
            select id, channel_id, name, parcels, card_cost_fen, benefit_cost_fen, starts_on, ends_on, created_at
            from acquisition.batch""";
}
