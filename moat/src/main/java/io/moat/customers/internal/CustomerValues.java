package io.moat.customers.internal;

import io.moat.customers.CustomerFactsChanged;
import io.moat.customers.CustomerId;
import io.moat.customers.value.LifecyclePolicy;
import io.moat.customers.value.LoyaltyPolicy;
import io.moat.customers.value.Purchase;
import io.moat.customers.value.RfmScores;
import io.moat.shared.TenantId;
import io.moat.workspace.WorkspaceDirectory;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Computes and stores each profile's derived values with the policies of docs/metrics.md. A full run scores RFM
 * by quintiles over all of the workspace's buyers; a partial run (after new purchases) refreshes stage, loyalty and
 * RFM of the given profiles, RFM from the workspace's in-memory engine ({@link WorkspaceRfm}) with their purchases
 * applied. Other buyers keep their stored scores until the next full run.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class CustomerValues {

    private static final int STORE_BATCH = 5_000;
    private static final String STORE = """
                insert into customers.customer_value (tenant_id, customer_id, stage, rfm_recency, rfm_frequency,
                    rfm_monetary, rfm_segment, loyalty, loyalty_reason, loyalty_reason_params, orders, net_spend_fen,
                    last_order_at, computed_at)
                values (:tenant, :customer, :stage, :r, :f, :m, :segment, :loyalty, :reason, cast(:reasonParams as jsonb),
                    :orders, :spend, :last, :now)
                on conflict (tenant_id, customer_id) do update set stage = excluded.stage,
                    rfm_recency = case when :replace then excluded.rfm_recency else customers.customer_value.rfm_recency end,
                    rfm_frequency = case when :replace then excluded.rfm_frequency else customers.customer_value.rfm_frequency end,
                    rfm_monetary = case when :replace then excluded.rfm_monetary else customers.customer_value.rfm_monetary end,
                    rfm_segment = case when :replace then excluded.rfm_segment else customers.customer_value.rfm_segment end,
                    loyalty = excluded.loyalty, loyalty_reason = excluded.loyalty_reason,
                    loyalty_reason_params = excluded.loyalty_reason_params, orders = excluded.orders,
                    net_spend_fen = excluded.net_spend_fen, last_order_at = excluded.last_order_at,
                    computed_at = excluded.computed_at
                """;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final WorkspaceRfm rfm;
    private final WorkspaceDirectory directory;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    CustomerValues(
            JdbcClient jdbc,
            NamedParameterJdbcTemplate named,
            WorkspaceRfm rfm,
            WorkspaceDirectory directory,
            Clock clock,
            ApplicationEventPublisher events) {
        this.rfm = rfm;
        this.directory = directory;
        this.events = events;
        this.jdbc = jdbc;
        this.named = named;
        this.clock = clock;
    }

    private record Profile(
            long id, int number, boolean fan, @Nullable Instant firstContact, List<Purchase> purchases) {}

    private static List<WorkspaceRfm.Member> members(Collection<Profile> profiles) {
        return profiles.stream()
                .map(p -> new WorkspaceRfm.Member(p.id(), p.number(), p.purchases()))
                .toList();
    }

    /** Recomputes every profile of the workspace; returns how many were scored. */
    public int recomputeAll(TenantId tenant, ZoneId zone) {
        Map<Long, Profile> profiles = load(tenant, null);
        Instant now = clock.instant();
        // Quintiles over all buyers by the engine, which gives what RfmScoring.quintiles gives (RfmEngineTests)
        // and is then kept for the incremental updates of refresh.
        Map<Long, RfmScores> byCustomer = rfm.rebuild(tenant, zone, members(profiles.values()));
        store(tenant, profiles.values(), byCustomer, true, now);
        events.publishEvent(new CustomerFactsChanged(tenant, List.of(), true));
        return profiles.size();
    }

    /**
     * Refreshes all values of some profiles after their purchases changed: stage and loyalty, and RFM scores from
     * the workspace's engine with these purchases applied, so a new buyer is scored at once against the current
     * quintiles. Other buyers keep their stored scores until the next full run, although the quintile cuts they
     * were scored by may have moved a little.
     */
    public void refresh(TenantId tenant, List<Long> customerIds) {
        if (customerIds.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Map<Long, Profile> profiles = load(tenant, customerIds);
        Map<Long, RfmScores> scores = rfm.update(tenant, directory.zoneOf(tenant), members(profiles.values()));
        store(tenant, profiles.values(), scores, true, now);
        events.publishEvent(new CustomerFactsChanged(
                tenant, customerIds.stream().map(CustomerId::new).toList(), false));
    }

    private Map<Long, Profile> load(TenantId tenant, @Nullable List<Long> only) {
        Map<Long, Profile> profiles = new LinkedHashMap<>();
        Long[] ids = only == null ? null : only.toArray(Long[]::new);
        jdbc.sql("""
                select c.id, c.first_added_at, c.number,
                       exists (select 1 from customers.staff_relation r where r.tenant_id = c.tenant_id
                               and r.customer_id = c.id and r.removed_at is null) as fan
                from customers.customer c
                where c.tenant_id = :tenant and c.merged_into is null
                  and (cast(:ids as bigint[]) is null or c.id = any(:ids))
                """)
                .param("tenant", tenant.value())
                .param("ids", ids)
                .query((row, n) -> profiles.put(
                        row.getLong(1),
                        new Profile(
                                row.getLong(1),
                                row.getInt(3),
                                row.getBoolean(4),
                                instant(row.getObject(2, OffsetDateTime.class)),
                                new ArrayList<>())))
                .list();
        jdbc.sql("""
                select customer_id, order_id, paid_at, paid_fen - refunded_fen, on_deal, refunded_fen > 0
                from customers.purchase
                where tenant_id = :tenant and customer_id is not null and paid_at is not null
                  and (cast(:ids as bigint[]) is null or customer_id = any(:ids))
                """)
                .param("tenant", tenant.value())
                .param("ids", ids)
                .query((row, n) -> {
                    Profile profile = profiles.get(row.getLong(1));
                    if (profile != null) {
                        profile.purchases()
                                .add(new Purchase(
                                        row.getLong(2),
                                        row.getObject(3, OffsetDateTime.class).toInstant(),
                                        row.getLong(4),
                                        row.getBoolean(5),
                                        row.getBoolean(6)));
                    }
                    return null;
                })
                .list();
        return profiles;
    }

    /** Writes the values of many profiles with one batched statement per {@value #STORE_BATCH} profiles. */
    private void store(
            TenantId tenant, Collection<Profile> profiles, Map<Long, RfmScores> rfm, boolean replaceRfm, Instant now) {
        List<MapSqlParameterSource> batch = new ArrayList<>(Math.min(profiles.size(), STORE_BATCH));
        for (Profile profile : profiles) {
            batch.add(values(tenant, profile, rfm.get(profile.id()), replaceRfm, now));
            if (batch.size() == STORE_BATCH) {
                named.batchUpdate(STORE, batch.toArray(MapSqlParameterSource[]::new));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            named.batchUpdate(STORE, batch.toArray(MapSqlParameterSource[]::new));
        }
    }

    private static MapSqlParameterSource values(
            TenantId tenant, Profile profile, @Nullable RfmScores rfm, boolean replaceRfm, Instant now) {
        var stage =
                LifecyclePolicy.DEFAULT.stageOf(profile.purchases(), profile.fan(), profile.firstContact(), null, now);
        var loyalty = LoyaltyPolicy.DEFAULT.classify(profile.purchases(), 0, now);
        List<Purchase> counting =
                profile.purchases().stream().filter(Purchase::counts).toList();
        Instant lastOrder =
                counting.stream().map(Purchase::paidAt).max(Instant::compareTo).orElse(null);
        return new MapSqlParameterSource()
                .addValue("tenant", tenant.value())
                .addValue("customer", profile.id())
                .addValue("stage", stage.name().toLowerCase(java.util.Locale.ROOT))
                .addValue("r", rfm == null ? null : rfm.recency())
                .addValue("f", rfm == null ? null : rfm.frequency())
                .addValue("m", rfm == null ? null : rfm.monetary())
                .addValue("segment", rfm == null ? null : rfm.segment().name().toLowerCase(java.util.Locale.ROOT))
                .addValue("loyalty", loyalty.type().name().toLowerCase(java.util.Locale.ROOT))
                .addValue("reason", loyalty.reason().code())
                .addValue("reasonParams", loyalty.reason().paramsJson())
                .addValue("orders", counting.size())
                .addValue("spend", counting.stream().mapToLong(Purchase::netFen).sum())
                .addValue("last", lastOrder == null ? null : lastOrder.atOffset(ZoneOffset.UTC))
                .addValue("now", now.atOffset(ZoneOffset.UTC))
                .addValue("replace", replaceRfm);
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
