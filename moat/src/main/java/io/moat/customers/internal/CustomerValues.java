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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
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

    /** Profiles per statement: one {@code INSERT … SELECT FROM unnest} each, whatever the batch of orders. */
    private static final int STORE_BATCH = 20_000;

    private static final String STORE = """
                insert into customers.customer_value (tenant_id, customer_id, stage, rfm_recency, rfm_frequency,
                    rfm_monetary, rfm_segment, loyalty, loyalty_reason, loyalty_reason_params, orders, net_spend_fen,
                    last_order_at, computed_at)
                select :tenant, x.customer_id, x.stage, x.r, x.f, x.m, x.segment, x.loyalty, x.reason,
                       cast(x.reason_params as jsonb), x.orders, x.spend,
                       timestamptz 'epoch' + x.last_us * interval '1 microsecond', :now
                from unnest(cast(:customers as bigint[]), cast(:stages as text[]), cast(:r as int[]),
                            cast(:f as int[]), cast(:m as int[]), cast(:segments as text[]), cast(:loyalties as text[]),
                            cast(:reasons as text[]), cast(:reasonParams as text[]), cast(:orders as int[]),
                            cast(:spends as bigint[]), cast(:lasts as bigint[]))
                         as x(customer_id, stage, r, f, m, segment, loyalty, reason, reason_params, orders, spend,
                              last_us)
                on conflict (tenant_id, customer_id) do update set stage = excluded.stage,
                    rfm_recency = excluded.rfm_recency, rfm_frequency = excluded.rfm_frequency,
                    rfm_monetary = excluded.rfm_monetary, rfm_segment = excluded.rfm_segment,
                    loyalty = excluded.loyalty, loyalty_reason = excluded.loyalty_reason,
                    loyalty_reason_params = excluded.loyalty_reason_params, orders = excluded.orders,
                    net_spend_fen = excluded.net_spend_fen, last_order_at = excluded.last_order_at,
                    computed_at = excluded.computed_at
                """;

    private final JdbcClient jdbc;
    private final WorkspaceRfm rfm;
    private final WorkspaceDirectory directory;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    CustomerValues(
            JdbcClient jdbc,
            WorkspaceRfm rfm,
            WorkspaceDirectory directory,
            Clock clock,
            ApplicationEventPublisher events) {
        this.rfm = rfm;
        this.directory = directory;
        this.events = events;
        this.jdbc = jdbc;
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
        store(tenant, profiles.values(), byCustomer, now);
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
        recompute(tenant, customerIds);
        events.publishEvent(new CustomerFactsChanged(
                tenant, customerIds.stream().map(CustomerId::new).toList(), false));
    }

    /**
     * Refreshes the stored values of those of these profiles that have any (a buyer, or a profile a run has valued)
     * after a fact other than a purchase changed, such as a staff relation opened or closed: a buyer whose orders
     * were linked before WeCom's sync made them a fan would otherwise keep a non-fan's stage until the nightly run.
     * Profiles without values are left to the nightly run, as before. Announces nothing: the caller's own
     * facts-changed event names these profiles already. Returns the profiles refreshed.
     */
    public List<Long> refreshValued(TenantId tenant, Collection<Long> customerIds) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        List<Long> valued = jdbc.sql("""
                        select x.id from unnest(cast(:ids as bigint[])) as x(id)
                        where exists (select 1 from customers.customer_value v
                                      where v.tenant_id = :tenant and v.customer_id = x.id)
                           or exists (select 1 from customers.purchase p
                                      where p.tenant_id = :tenant and p.customer_id = x.id)
                        """)
                .param("tenant", tenant.value())
                .param("ids", customerIds.toArray(Long[]::new))
                .query(Long.class)
                .list();
        if (!valued.isEmpty()) {
            recompute(tenant, valued);
        }
        return valued;
    }

    private void recompute(TenantId tenant, List<Long> customerIds) {
        Instant now = clock.instant();
        Map<Long, Profile> profiles = load(tenant, customerIds);
        Map<Long, RfmScores> scores = rfm.update(tenant, directory.zoneOf(tenant), members(profiles.values()));
        store(tenant, profiles.values(), scores, now);
    }

    private Map<Long, Profile> load(TenantId tenant, @Nullable List<Long> only) {
        Map<Long, Profile> profiles = new LinkedHashMap<>();
        Long[] ids = only == null ? null : only.toArray(Long[]::new);
        // Two statements, not one with "(:ids is null or c.id = any(:ids))": after a few executions PostgreSQL plans
        // such a statement once for any value, and that generic plan can use no index and compares each row with
        // every id of the array — seconds for a batch of 10k buyers of a 100k-profile workspace, where the index
        // scan takes milliseconds.
        jdbc.sql("""
                select c.id, c.first_added_at, c.number,
                       exists (select 1 from customers.staff_relation r where r.tenant_id = c.tenant_id
                               and r.customer_id = c.id and r.removed_at is null) as fan
                from customers.customer c
                where c.tenant_id = :tenant and c.merged_into is null
                """ + (ids == null ? "" : "and c.id = any(:ids)"))
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
                """ + (ids == null ? "" : "and customer_id = any(:ids)"))
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

    /** Writes the values of many profiles with one set-based statement per {@value #STORE_BATCH} profiles. */
    private void store(TenantId tenant, Collection<Profile> profiles, Map<Long, RfmScores> rfm, Instant now) {
        List<Profile> all = List.copyOf(profiles);
        for (int from = 0; from < all.size(); from += STORE_BATCH) {
            var slice = all.subList(from, Math.min(all.size(), from + STORE_BATCH));
            var rows = new ValueRows(slice.size());
            slice.forEach(profile -> rows.add(profile, rfm.get(profile.id()), now));
            jdbc.sql(STORE)
                    .param("tenant", tenant.value())
                    .param("now", now.atOffset(ZoneOffset.UTC))
                    .param("customers", rows.customers)
                    .param("stages", rows.stages)
                    .param("r", rows.recency)
                    .param("f", rows.frequency)
                    .param("m", rows.monetary)
                    .param("segments", rows.segments)
                    .param("loyalties", rows.loyalties)
                    .param("reasons", rows.reasons)
                    .param("reasonParams", rows.reasonParams)
                    .param("orders", rows.orders)
                    .param("spends", rows.spends)
                    .param("lasts", rows.lasts)
                    .update();
        }
    }

    /** The values of a slice of profiles as parallel arrays for {@code unnest}. */
    private static final class ValueRows {
        final Long[] customers;
        final String[] stages;
        final Integer[] recency;
        final Integer[] frequency;
        final Integer[] monetary;
        final String[] segments;
        final String[] loyalties;
        final String[] reasons;
        final String[] reasonParams;
        final Integer[] orders;
        final Long[] spends;
        final Long[] lasts;
        private int n;

        ValueRows(int size) {
            customers = new Long[size];
            stages = new String[size];
            recency = new Integer[size];
            frequency = new Integer[size];
            monetary = new Integer[size];
            segments = new String[size];
            loyalties = new String[size];
            reasons = new String[size];
            reasonParams = new String[size];
            orders = new Integer[size];
            spends = new Long[size];
            lasts = new Long[size];
        }

        void add(Profile profile, @Nullable RfmScores rfm, Instant now) {
            var stage = LifecyclePolicy.DEFAULT.stageOf(
                    profile.purchases(), profile.fan(), profile.firstContact(), null, now);
            var loyalty = LoyaltyPolicy.DEFAULT.classify(profile.purchases(), 0, now);
            int count = 0;
            long spend = 0;
            Instant lastOrder = null;
            for (Purchase purchase : profile.purchases()) {
                if (purchase.counts()) {
                    count++;
                    spend += purchase.netFen();
                    if (lastOrder == null || purchase.paidAt().isAfter(lastOrder)) {
                        lastOrder = purchase.paidAt();
                    }
                }
            }
            customers[n] = profile.id();
            stages[n] = stage.name().toLowerCase(Locale.ROOT);
            recency[n] = rfm == null ? null : rfm.recency();
            frequency[n] = rfm == null ? null : rfm.frequency();
            monetary[n] = rfm == null ? null : rfm.monetary();
            segments[n] = rfm == null ? null : rfm.segment().name().toLowerCase(Locale.ROOT);
            loyalties[n] = loyalty.type().name().toLowerCase(Locale.ROOT);
            reasons[n] = loyalty.reason().code();
            reasonParams[n] = loyalty.reason().paramsJson();
            orders[n] = count;
            spends[n] = spend;
            lasts[n] = lastOrder == null ? null : ChronoUnit.MICROS.between(Instant.EPOCH, lastOrder);
            n++;
        }
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
