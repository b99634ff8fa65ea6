package io.moat.audiences.internal;

import io.moat.audiences.SegmentEntered;
import io.moat.audiences.SegmentExited;
import io.moat.customers.CustomerId;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps saved segments' members current: re-evaluates each segment on the index, compares with the members kept
 * (cached as a bitmap of numbers once read), writes only the difference and publishes {@link SegmentEntered} and
 * {@link SegmentExited} in the same transaction. Workspaces whose index changed are refreshed within a second; a
 * refresh can also be asked for directly.
 */
@Component
public class SegmentRefresh {

    private static final Logger log = LoggerFactory.getLogger(SegmentRefresh.class);

    private final AudienceQueries queries;
    private final AudienceIndex indexes;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Map<TenantId, Map<Long, RoaringBitmap>> kept = new ConcurrentHashMap<>();
    private final Set<TenantId> dirty = ConcurrentHashMap.newKeySet();

    SegmentRefresh(
            AudienceQueries queries,
            AudienceIndex indexes,
            JdbcClient jdbc,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.queries = queries;
        this.indexes = indexes;
        this.jdbc = jdbc;
        this.events = events;
        this.transactions = new TransactionTemplate(transactions);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        indexes.onChange(dirty::add);
    }

    /** A new segment's first members: recorded, no events. Joins the caller's transaction. */
    void initial(TenantId tenant, long segment, String condition) {
        RoaringBitmap members = queries.select(tenant, ConditionJson.parse(condition, "condition"));
        Instant now = clock.instant();
        insert(tenant, segment, queries.ids(tenant, members), now);
        sized(tenant, segment, members.getLongCardinality(), now);
        afterCommit(() -> kept(tenant).put(segment, members));
    }

    /** The members a condition selects now, as numbers (for overlaps). */
    public RoaringBitmap select(TenantId tenant, io.moat.audiences.AudienceCondition condition) {
        return queries.select(tenant, condition);
    }

    void forget(TenantId tenant, long segment) {
        afterCommit(() -> kept(tenant).remove(segment));
    }

    /** Brings every segment of the workspace up to date in one transaction of its own; returns the changes. */
    public int refresh(TenantId tenant) {
        dirty.remove(tenant);
        synchronized (lock(tenant)) {
            return CallContext.forTenant(tenant, "segments")
                    .call(() -> transactions.execute(status -> {
                        List<Long> segments = jdbc.sql(
                                        "select id from audiences.segment where tenant_id = ? and deleted_at is null order by id")
                                .params(tenant.value())
                                .query(Long.class)
                                .list();
                        int changes = 0;
                        for (long segment : segments) {
                            changes += segment(tenant, segment);
                        }
                        return changes;
                    }));
        }
    }

    @Scheduled(fixedDelay = 1000)
    void refreshChanged() {
        for (TenantId tenant : List.copyOf(dirty)) {
            try {
                refresh(tenant);
            } catch (RuntimeException e) {
                kept.remove(tenant);
                dirty.add(tenant);
                log.warn("segments of tenant {} not refreshed; retrying", tenant.value(), e);
            }
        }
    }

    /** One segment against the index; joins the caller's transaction. Returns how many entered and left. */
    int segment(TenantId tenant, long segment) {
        String condition = jdbc.sql("select condition::text from audiences.segment where tenant_id = ? and id = ?")
                .params(tenant.value(), segment)
                .query(String.class)
                .single();
        RoaringBitmap now = queries.select(tenant, ConditionJson.parse(condition, "condition"));
        RoaringBitmap before = kept(tenant).get(segment);
        List<CustomerId> gone = new ArrayList<>();
        if (before == null) {
            before = load(tenant, segment, gone);
        }
        RoaringBitmap entered = RoaringBitmap.andNot(now, before);
        RoaringBitmap exited = RoaringBitmap.andNot(before, now);
        List<CustomerId> in = queries.ids(tenant, entered);
        List<CustomerId> out = new ArrayList<>(queries.ids(tenant, exited));
        out.addAll(gone);
        Instant at = clock.instant();
        insert(tenant, segment, in, at);
        if (!out.isEmpty()) {
            jdbc.sql(
                            "delete from audiences.segment_member where tenant_id = ? and segment_id = ? and customer_id = any(?)")
                    .params(
                            tenant.value(),
                            segment,
                            out.stream().map(CustomerId::value).toArray(Long[]::new))
                    .update();
        }
        in.forEach(c -> events.publishEvent(new SegmentEntered(tenant, segment, c, at)));
        out.forEach(c -> events.publishEvent(new SegmentExited(tenant, segment, c, at)));
        sized(tenant, segment, now.getLongCardinality(), at);
        afterCommit(() -> kept(tenant).put(segment, now));
        return in.size() + out.size();
    }

    /** The kept members as numbers; members the index no longer has (merged away) are added to {@code gone}. */
    private RoaringBitmap load(TenantId tenant, long segment, List<CustomerId> gone) {
        TenantIndex index = indexes.of(tenant);
        List<Long> ids = jdbc.sql(
                        "select customer_id from audiences.segment_member where tenant_id = ? and segment_id = ?")
                .params(tenant.value(), segment)
                .query(Long.class)
                .list();
        RoaringBitmap members = new RoaringBitmap();
        index.read(() -> {
            for (long id : ids) {
                Integer number = index.number(id);
                if (number == null) {
                    gone.add(new CustomerId(id));
                } else {
                    members.add(number);
                }
            }
            return null;
        });
        return members;
    }

    private void insert(TenantId tenant, long segment, List<CustomerId> customers, Instant at) {
        if (customers.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into audiences.segment_member (tenant_id, segment_id, customer_id, entered_at)
                select ?, ?, customer_id, ? from unnest(cast(? as bigint[])) as customer_id
                on conflict do nothing
                """)
                .params(
                        tenant.value(),
                        segment,
                        at.atOffset(ZoneOffset.UTC),
                        customers.stream().map(CustomerId::value).toArray(Long[]::new))
                .update();
    }

    private void sized(TenantId tenant, long segment, long size, Instant at) {
        jdbc.sql("update audiences.segment set size = ?, refreshed_at = ? where tenant_id = ? and id = ?")
                .params(size, at.atOffset(ZoneOffset.UTC), tenant.value(), segment)
                .update();
        jdbc.sql("""
                insert into audiences.segment_size (tenant_id, segment_id, day, size) values (?, ?, ?, ?)
                on conflict (tenant_id, segment_id, day) do update set size = excluded.size
                """)
                .params(
                        tenant.value(),
                        segment,
                        at.atZone(indexes.of(tenant).zone()).toLocalDate(),
                        size)
                .update();
    }

    private Map<Long, RoaringBitmap> kept(TenantId tenant) {
        return kept.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
    }

    private final Map<TenantId, Object> locks = new ConcurrentHashMap<>();

    private Object lock(TenantId tenant) {
        return locks.computeIfAbsent(tenant, t -> new Object());
    }

    /** The cache follows the database: it changes only once the transaction that wrote the members commits. */
    private static void afterCommit(Runnable work) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    work.run();
                }
            });
        } else {
            work.run();
        }
    }
}
