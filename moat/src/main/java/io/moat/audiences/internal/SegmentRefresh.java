package io.moat.audiences.internal;

import io.moat.audiences.AudienceCondition;
import io.moat.audiences.MemberPage;
import io.moat.audiences.SegmentChange;
import io.moat.audiences.SegmentChanged;
import io.moat.audiences.SegmentEntered;
import io.moat.audiences.SegmentExited;
import io.moat.customers.CustomerAttributes;
import io.moat.customers.CustomerId;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps saved segments' members current: re-evaluates each segment on the index, compares with the members kept (a
 * bitmap of numbers, cached once read), and writes all segments' new bitmaps and their differences with a few
 * set-based statements ({@link SegmentMembers}), publishing one {@link SegmentChanged} per segment that moved, in
 * the same transaction. After the commit the moves are published one by one as {@link SegmentEntered} and {@link
 * SegmentExited} (journeys start from them), in slices of {@value #SLICE} per transaction, each slice recording how
 * far it got so that a crash resumes where it stopped (the registry re-delivers {@link SegmentChanged}). Workspaces
 * whose index changed are refreshed within a second; a refresh can also be asked for directly.
 */
@Component
public class SegmentRefresh {

    private static final Logger log = LoggerFactory.getLogger(SegmentRefresh.class);

    /** Per-customer events published per transaction after a refresh. */
    static final int SLICE = 2_000;

    /** Change rows are kept this long after their events went out. */
    static final Duration KEEP_CHANGES = Duration.ofDays(30);

    private final AudienceQueries queries;
    private final AudienceIndex indexes;
    private final SegmentMembers store;
    private final CustomerAttributes customers;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Map<TenantId, Map<Long, RoaringBitmap>> kept = new ConcurrentHashMap<>();
    private final Set<TenantId> dirty = ConcurrentHashMap.newKeySet();

    SegmentRefresh(
            AudienceQueries queries,
            AudienceIndex indexes,
            CustomerAttributes customers,
            JdbcClient jdbc,
            JdbcTemplate template,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.queries = queries;
        this.indexes = indexes;
        this.store = new SegmentMembers(template);
        this.customers = customers;
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
        store.initial(tenant, segment, members, now, today(tenant, now));
        afterCommit(() -> kept(tenant).put(segment, members));
    }

    /** The members a condition selects now, as numbers (for overlaps). */
    public RoaringBitmap select(TenantId tenant, AudienceCondition condition) {
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
                        record Saved(long id, String condition) {}
                        List<Saved> saved = jdbc.sql("""
                                select id, condition::text from audiences.segment
                                where tenant_id = ? and deleted_at is null order by id""")
                                .params(tenant.value())
                                .query((row, n) -> new Saved(row.getLong(1), row.getString(2)))
                                .list();
                        List<SegmentMembers.Diff> diffs = new ArrayList<>(saved.size());
                        for (Saved segment : saved) {
                            diffs.add(diff(tenant, segment.id(), segment.condition()));
                        }
                        int changes = write(tenant, diffs);
                        store.purge(tenant, clock.instant().minus(KEEP_CHANGES));
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

    /** One segment against the index (its condition changed); joins the caller's transaction. */
    int segment(TenantId tenant, long segment) {
        String condition = jdbc.sql("select condition::text from audiences.segment where tenant_id = ? and id = ?")
                .params(tenant.value(), segment)
                .query(String.class)
                .single();
        return write(tenant, List.of(diff(tenant, segment, condition)));
    }

    private SegmentMembers.Diff diff(TenantId tenant, long segment, String condition) {
        RoaringBitmap now = queries.select(tenant, ConditionJson.parse(condition, "condition"));
        RoaringBitmap before = kept(tenant).get(segment);
        if (before == null) {
            before = load(tenant, segment);
        }
        return new SegmentMembers.Diff(
                segment, now, RoaringBitmap.andNot(now, before), RoaringBitmap.andNot(before, now));
    }

    /** Persists the diffs and announces the segments that moved; returns how many entered and left. */
    private int write(TenantId tenant, List<SegmentMembers.Diff> diffs) {
        Instant at = clock.instant();
        Map<Long, Long> changes = store.write(tenant, diffs, at, today(tenant, at));
        int moved = 0;
        Map<Long, RoaringBitmap> now = new HashMap<>();
        for (SegmentMembers.Diff diff : diffs) {
            now.put(diff.segmentId(), diff.members());
            Long change = changes.get(diff.segmentId());
            if (change != null) {
                int entered = diff.entered().getCardinality();
                int exited = diff.exited().getCardinality();
                events.publishEvent(new SegmentChanged(tenant, diff.segmentId(), change, entered, exited, at));
                moved += entered + exited;
            }
        }
        afterCommit(() -> kept(tenant).putAll(now));
        return moved;
    }

    /**
     * Publishes a change's moves one by one, entries first, each slice in a transaction of its own that records how
     * far it got; a redelivered change continues after the last recorded slice.
     */
    @TransactionalEventListener
    void on(SegmentChanged changed) {
        TenantId tenant = changed.tenant();
        boolean more = true;
        while (more) {
            more = CallContext.forTenant(tenant, "segments")
                    .call(() -> transactions.execute(status -> publishSlice(tenant, changed.changeId())));
        }
    }

    private boolean publishSlice(TenantId tenant, long changeId) {
        SegmentMembers.Change change = store.change(tenant, changeId).orElse(null);
        int total = change == null
                ? 0
                : change.entered().getCardinality() + change.exited().getCardinality();
        if (change == null || change.published() >= total) {
            return false;
        }
        int from = change.published();
        int to = Math.min(total, from + SLICE);
        int enteredCount = change.entered().getCardinality();
        RoaringBitmap entered = slice(change.entered(), from, Math.min(to, enteredCount));
        RoaringBitmap exited = slice(change.exited(), Math.max(0, from - enteredCount), Math.max(0, to - enteredCount));
        Map<Integer, CustomerId> ids = ids(tenant, RoaringBitmap.or(entered, exited));
        entered.forEach((int n) ->
                events.publishEvent(new SegmentEntered(tenant, change.segmentId(), ids.get(n), change.at())));
        exited.forEach(
                (int n) -> events.publishEvent(new SegmentExited(tenant, change.segmentId(), ids.get(n), change.at())));
        store.published(tenant, changeId, to);
        return to < total;
    }

    /** The numbers at ranks {@code from} (inclusive) to {@code to} (exclusive) of {@code bitmap}. */
    private static RoaringBitmap slice(RoaringBitmap bitmap, int from, int to) {
        if (from >= to) {
            return new RoaringBitmap();
        }
        long first = bitmap.select(from);
        long last = bitmap.select(to - 1);
        return RoaringBitmap.and(bitmap, RoaringBitmap.bitmapOfRange(first, last + 1));
    }

    /** Who entered and left in one refresh. */
    public Optional<SegmentChange> change(TenantId tenant, long changeId) {
        return store.change(tenant, changeId).map(change -> {
            Map<Integer, CustomerId> ids = ids(tenant, RoaringBitmap.or(change.entered(), change.exited()));
            List<CustomerId> entered = new ArrayList<>();
            List<CustomerId> exited = new ArrayList<>();
            change.entered().forEach((int n) -> entered.add(ids.get(n)));
            change.exited().forEach((int n) -> exited.add(ids.get(n)));
            return new SegmentChange(change.segmentId(), change.at(), entered, exited);
        });
    }

    /**
     * A page of a segment's kept members in the order of their numbers, after the customer {@code after} (null: from
     * the start). Joins the caller's transaction.
     */
    public MemberPage members(TenantId tenant, long segment, @Nullable CustomerId after, int limit) {
        RoaringBitmap members = read(tenant, segment);
        int from = 0;
        if (after != null) {
            from = number(tenant, after) + 1;
        }
        List<Integer> numbers = new ArrayList<>(limit + 1);
        PeekableIntIterator it = members.getIntIterator();
        it.advanceIfNeeded(from);
        while (it.hasNext() && numbers.size() <= limit) {
            numbers.add(it.next());
        }
        RoaringBitmap page = RoaringBitmap.bitmapOf(
                numbers.stream().mapToInt(Integer::intValue).toArray());
        Map<Integer, CustomerId> ids = ids(tenant, page);
        List<CustomerId> customers = numbers.stream().limit(limit).map(ids::get).toList();
        return new MemberPage(customers, numbers.size() > limit ? customers.getLast() : null);
    }

    /** A cursor's number: from the index, or for a customer merged away since, from the customers module. */
    private int number(TenantId tenant, CustomerId customer) {
        TenantIndex index = indexes.of(tenant);
        Integer number = index.read(() -> index.number(customer.value()));
        if (number != null) {
            return number;
        }
        return Optional.ofNullable(customers.numbers(tenant, List.of(customer)).get(customer))
                .orElseThrow(() -> new Problem(
                        HttpStatus.BAD_REQUEST,
                        "invalid-cursor",
                        "No customer " + customer.value() + " to continue after.",
                        "after"));
    }

    /** Customer ids of numbers: the index knows the live ones and those it saw leave; the rest are looked up. */
    private Map<Integer, CustomerId> ids(TenantId tenant, RoaringBitmap numbers) {
        TenantIndex index = indexes.of(tenant);
        Map<Integer, CustomerId> ids = new HashMap<>(numbers.getCardinality() * 2);
        List<Integer> unknown = new ArrayList<>();
        index.read(() -> {
            numbers.forEach((int n) -> {
                long id = index.idOrZero(n);
                if (id == 0) {
                    unknown.add(n);
                } else {
                    ids.put(n, new CustomerId(id));
                }
            });
            return null;
        });
        if (!unknown.isEmpty()) {
            ids.putAll(customers.byNumber(tenant, unknown));
        }
        return ids;
    }

    /**
     * The kept members as numbers: the stored bitmap, or for a segment saved before members were bitmaps, its member
     * rows (converted once: the bitmap is written and the rows dropped in the caller's transaction).
     */
    private RoaringBitmap load(TenantId tenant, long segment) {
        Optional<RoaringBitmap> stored = store.members(tenant, segment);
        if (stored.isPresent()) {
            return stored.get();
        }
        RoaringBitmap members = rows(tenant, segment);
        store.keep(tenant, segment, members);
        jdbc.sql("delete from audiences.segment_member where tenant_id = ? and segment_id = ?")
                .params(tenant.value(), segment)
                .update();
        return members;
    }

    /** The members as a reader sees them (no conversion of old member rows: readers may not write). */
    private RoaringBitmap read(TenantId tenant, long segment) {
        RoaringBitmap cached = kept(tenant).get(segment);
        if (cached != null) {
            return cached;
        }
        return store.members(tenant, segment).orElseGet(() -> rows(tenant, segment));
    }

    /** Members kept as rows (before bitmaps), as numbers. */
    private RoaringBitmap rows(TenantId tenant, long segment) {
        List<CustomerId> rows = jdbc.sql(
                        "select customer_id from audiences.segment_member where tenant_id = ? and segment_id = ?")
                .params(tenant.value(), segment)
                .query((row, n) -> new CustomerId(row.getLong(1)))
                .list();
        RoaringBitmap members = new RoaringBitmap();
        customers.numbers(tenant, rows).values().forEach(members::add);
        return members;
    }

    private java.time.LocalDate today(TenantId tenant, Instant at) {
        return at.atZone(indexes.of(tenant).zone()).toLocalDate();
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
