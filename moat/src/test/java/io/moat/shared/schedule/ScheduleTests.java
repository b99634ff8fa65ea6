package io.moat.shared.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.MoatTest;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Due work against the real database: idempotent keys, effects and follow-ups committing with the row, backoff to a
 * final failed state, leases re-taken from a stalled worker whose commit the fencing token then rejects, and two
 * workers draining one schedule concurrently without running anything twice. Every effect is a row written by the
 * handler inside the row's transaction, so a rolled-back run leaves no trace.
 */
@MoatTest
class ScheduleTests {

    static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");
    static final ScheduleProperties PROPERTIES = new ScheduleProperties(
            false, 1, 100, Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofDays(7), Duration.ofSeconds(10));

    @Autowired
    Schedule schedule;

    @Autowired
    DueWorkClaims claims;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Value("${moat.db.app-role}")
    String appRole;

    TenantId tenant;
    String kind;

    @BeforeEach
    void effectsTable() {
        var byOwner = new JdbcTemplate(owner);
        byOwner.execute("create table if not exists shared.schedule_test_effect (work_tenant bigint, work_key text,"
                + " fence bigint)");
        byOwner.execute("grant select, insert on shared.schedule_test_effect to " + appRole);
        tenant = new TenantId(ThreadLocalRandom.current().nextLong(1_000_000, Long.MAX_VALUE / 2));
        kind = "test.effect-" + ThreadLocalRandom.current().nextInt(1_000_000);
    }

    @Test
    void nothingRunsBeforeItIsDueAndACancelledRowNeverRuns() {
        asTenant(() -> schedule.schedule(kind, "later", T0.plusSeconds(60)));
        asTenant(() -> schedule.schedule(kind, "cancelled", T0));
        assertThat(asTenant(() -> schedule.cancel(kind, "cancelled"))).isTrue();
        DueWorkRunner runner = runner("a", work -> effect(work));

        assertThat(runner.drain(T0.plusSeconds(59))).isZero();
        assertThat(runner.drain(T0.plusSeconds(60))).isEqualTo(1);

        assertThat(effects()).containsExactly("later");
        assertThat(asTenant(() -> schedule.cancel(kind, "later"))).isFalse();
    }

    @Test
    void aStalledWorkersLeaseIsRetakenAndItsLateCommitIsFencedOff() {
        for (int i = 0; i < 5; i++) {
            String key = "s" + i;
            asTenant(() -> schedule.schedule(kind, key, T0));
        }
        DueWorkRunner stalled = runner("stalled", work -> effect(work));
        DueWorkRunner rescuer = runner("rescuer", work -> effect(work));

        List<DueWork> stalledClaim = stalled.claim(T0);
        assertThat(stalledClaim).hasSize(5);
        assertThat(rescuer.drain(T0.plus(PROPERTIES.lease()).minusSeconds(1)))
                .as("leased rows are not re-taken early")
                .isZero();
        assertThat(rescuer.drain(T0.plus(PROPERTIES.lease()))).isEqualTo(5);

        stalled.run(stalledClaim, T0.plus(PROPERTIES.lease()).plusSeconds(5));

        assertThat(effects()).containsExactlyInAnyOrder("s0", "s1", "s2", "s3", "s4");
        assertThat(asTenant(() -> schedule.find(kind, "s0")).orElseThrow().attempts())
                .isEqualTo(2);
    }

    @Test
    void aTenantSeesOnlyItsOwnRows() {
        asTenant(() -> schedule.schedule(kind, "mine", T0));
        TenantId other = new TenantId(tenant.value() + 1);

        assertThat(CallContext.forTenant(other, "test").call(() -> schedule.find(kind, "mine")))
                .isEmpty();
        assertThat(CallContext.forTenant(other, "test").call(() -> schedule.cancel(kind, "mine")))
                .isFalse();
        assertThat(CallContext.forTenant(other, "test").call(() -> schedule.schedule(kind, "mine", T0)))
                .as("keys are per tenant")
                .isTrue();
    }

    // Both modes: the leased one (claim with a lease, complete with an update) and the taken one
    // (effectsOnlyInDatabase: rows are deleted in the transaction that runs them, their keys kept in due_work_done).

    @ParameterizedTest
    @EnumSource(Mode.class)
    void schedulingIsIdempotentOnTheKeyBeforeAndAfterTheRowRan(Mode mode) {
        assertThat(asTenant(() -> schedule.schedule(kind, "k1", T0, "{\"n\":1}")))
                .isTrue();
        assertThat(asTenant(() -> schedule.schedule(kind, "k1", T0.plusSeconds(5), "{\"n\":2}")))
                .isFalse();

        assertThat(runner(mode, "a", work -> effect(work)).drain(T0)).isEqualTo(1);

        assertThat(asTenant(() -> schedule.schedule(kind, "k1", T0, "{}"))).isFalse();
        assertThat(runner(mode, "a", work -> effect(work)).drain(T0.plusSeconds(60)))
                .isZero();
        assertThat(effects()).containsExactly("k1");
        assertThat(asTenant(() -> schedule.find(kind, "k1")).orElseThrow().state())
                .isEqualTo(ScheduledWork.State.DONE);
        assertThat(rowsInTable())
                .as("a taken row leaves the table; a leased one stays, done, until it is purged")
                .isEqualTo(mode == Mode.TAKEN ? 0 : 1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aHandlersEffectsAndItsNextRowCommitWithTheRowItRanAndWaitUntilDue(Mode mode) {
        asTenant(() -> schedule.schedule(kind, "step-1", T0));
        asTenant(() -> schedule.schedule(kind, "cancelled", T0));
        assertThat(asTenant(() -> schedule.cancel(kind, "cancelled"))).isTrue();
        DueWorkRunner runner = runner(mode, "a", work -> {
            effect(work);
            assertThat(CallContext.currentTenant()).contains(tenant);
            if (work.key().equals("step-1")) {
                schedule.schedule(kind, "step-2", work.dueAt().plusSeconds(10));
            }
            return Outcome.done();
        });

        assertThat(runner.drain(T0)).isEqualTo(1);
        assertThat(effects()).containsExactly("step-1");
        assertThat(runner.drain(T0.plusSeconds(9))).isZero();
        assertThat(runner.drain(T0.plusSeconds(10))).isEqualTo(1);
        assertThat(effects()).containsExactly("step-1", "step-2");
        assertThat(asTenant(() -> schedule.cancel(kind, "step-2"))).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aFailingHandlerLeavesNoEffectsIsRetriedWithBackoffAndEndsFailed(Mode mode) {
        asTenant(() -> schedule.schedule(kind, "bad", T0));
        asTenant(() -> schedule.schedule(kind, "good", T0));
        DueWorkHandler failing =
                new TestHandler(kind, mode == Mode.TAKEN, work -> {
                    effect(work);
                    if (work.key().equals("bad")) {
                        throw new IllegalStateException("no luck");
                    }
                    return Outcome.done();
                }) {
                    @Override
                    public int maxAttempts() {
                        return 3;
                    }
                };
        DueWorkRunner runner = new DueWorkRunner("a", List.of(failing), claims, transactions, PROPERTIES);

        assertThat(runner.drain(T0)).isEqualTo(2);
        assertThat(effects()).containsExactly("good");
        ScheduledWork bad = asTenant(() -> schedule.find(kind, "bad")).orElseThrow();
        assertThat(bad.state()).isEqualTo(ScheduledWork.State.DUE);
        assertThat(bad.attempts()).isEqualTo(1);
        assertThat(bad.dueAt()).isEqualTo(T0.plus(failing.backoff(1)));
        assertThat(bad.lastError()).contains("no luck");

        assertThat(runner.drain(bad.dueAt().minusMillis(1))).isZero();
        Instant second = bad.dueAt();
        assertThat(runner.drain(second)).isEqualTo(1);
        Instant third = second.plus(failing.backoff(2));
        assertThat(runner.drain(third)).isEqualTo(1);

        ScheduledWork failed = asTenant(() -> schedule.find(kind, "bad")).orElseThrow();
        assertThat(failed.state()).isEqualTo(ScheduledWork.State.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(runner.drain(third.plus(Duration.ofDays(1)))).isZero();
        assertThat(effects()).containsExactly("good");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void aRowThatAsksForLaterRunsAgainWithItsNewPayload(Mode mode) {
        asTenant(() -> schedule.schedule(kind, "poll", T0, "{\"round\":1}"));
        List<String> payloads = new ArrayList<>();
        DueWorkRunner runner = runner(mode, "a", work -> {
            payloads.add(work.payload());
            return work.payload().contains("1")
                    ? Outcome.later(work.dueAt().plusSeconds(30), "{\"round\": 2}")
                    : effect(work);
        });

        runner.drain(T0);
        assertThat(asTenant(() -> schedule.schedule(kind, "poll", T0))).isFalse();
        runner.drain(T0.plusSeconds(29));
        runner.drain(T0.plusSeconds(30));

        assertThat(payloads).containsExactly("{\"round\": 1}", "{\"round\": 2}");
        assertThat(effects()).containsExactly("poll");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void twoWorkersDrainingOneScheduleConcurrentlyRunEveryRowExactlyOnce(Mode mode) {
        int rows = 3000;
        insertInTenant(rows);
        DueWorkRunner first = runner(mode, "first", work -> effect(work));
        DueWorkRunner second = runner(mode, "second", work -> effect(work));

        var a = CompletableFuture.supplyAsync(() -> first.drain(T0));
        var b = CompletableFuture.supplyAsync(() -> second.drain(T0));

        assertThat(a.join() + b.join()).isEqualTo(rows);
        assertEveryKeyRanOnce(rows);
    }

    /**
     * A backlog does not make the rows falling due now late too: three batches in four take the rows due within the
     * fresh window (10 s) first, in due order, and fill up with overdue ones; the fourth takes the overdue ones first,
     * so they are never starved. Checked batch by batch with two-row batches.
     */
    @ParameterizedTest
    @EnumSource(Mode.class)
    void freshRowsGoFirstInThreeBatchesOfFourAndOverdueOnesInTheFourth(Mode mode) {
        for (int i = 0; i < 6; i++) {
            String key = "overdue-" + i;
            Instant due = T0.minusSeconds(60 - i);
            asTenant(() -> schedule.schedule(kind, key, due));
        }
        for (int i = 0; i < 7; i++) {
            String key = "fresh-" + i;
            Instant due = T0.minusSeconds(9).plusSeconds(i);
            asTenant(() -> schedule.schedule(kind, key, due));
        }
        List<String> ran = new ArrayList<>();
        DueWorkRunner runner = new DueWorkRunner(
                "a",
                List.of(new TestHandler(kind, mode == Mode.TAKEN, 2, work -> {
                    ran.add(work.key());
                    return effect(work);
                })),
                claims,
                transactions,
                PROPERTIES);
        List<List<String>> batches = new ArrayList<>();
        for (int batch = 0; batch < 7; batch++) {
            ran.clear();
            runner.runDue(T0);
            batches.add(ran.stream().sorted().toList()); // the order inside a batch is not the point
        }

        assertThat(batches)
                .containsExactly(
                        List.of("fresh-0", "fresh-1"),
                        List.of("fresh-2", "fresh-3"),
                        List.of("fresh-4", "fresh-5"),
                        List.of("overdue-0", "overdue-1"),
                        List.of("fresh-6", "overdue-2"),
                        List.of("overdue-3", "overdue-4"),
                        List.of("overdue-5"));
        assertEveryKeyRanOnce(13);
    }

    /**
     * Rows scheduled at commit appear with the commit and not before, once per key (the first wins), not at all if
     * the transaction rolls back, and not again for a key that already ran.
     */
    @Test
    void rowsScheduledAtCommitAreAddedByTheCommitOncePerKeyAndNotAfterARollback() {
        var template = new TransactionTemplate(transactions);
        asTenant(() -> template.execute(status -> {
            schedule.scheduleAtCommit(kind, "b", T0, "{\"n\":1}");
            schedule.scheduleAtCommit(kind, "a", T0, "{}");
            schedule.scheduleAtCommit(kind, "b", T0.plusSeconds(5), "{\"n\":2}");
            assertThat(schedule.find(kind, "a")).as("not before the commit").isEmpty();
            return null;
        }));
        assertThat(asTenant(() -> schedule.find(kind, "b")).orElseThrow().dueAt())
                .isEqualTo(T0);
        asTenant(() -> template.execute(status -> {
            schedule.scheduleAtCommit(kind, "c", T0, "{}");
            status.setRollbackOnly();
            return null;
        }));
        assertThat(asTenant(() -> schedule.find(kind, "c"))).isEmpty();

        List<String> payloads = new ArrayList<>();
        assertThat(runner(Mode.TAKEN, "a", work -> {
                            payloads.add(work.key() + " " + work.payload());
                            return effect(work);
                        })
                        .drain(T0))
                .isEqualTo(2);
        assertThat(payloads).containsExactlyInAnyOrder("a {}", "b {\"n\": 1}");
        asTenant(() -> template.execute(status -> {
            schedule.scheduleAtCommit(kind, "a", T0, "{}");
            return null;
        }));
        assertThat(runner(Mode.TAKEN, "a", work -> effect(work)).drain(T0)).isZero();
        assertThat(effects()).containsExactly("a", "b");
    }

    /**
     * Rows scheduled at commit from another synchronization's callbacks are not lost: during the commit
     * ({@code beforeCommit}, {@code beforeCompletion}) they commit with the transaction, joining rows deferred earlier
     * when there are some; once it has ended ({@code afterCommit}, {@code afterCompletion}, also after a rollback) they
     * are scheduled at once. A rolled-back transaction's own rows stay out.
     */
    @Test
    void rowsScheduledAtCommitFromAnotherSynchronizationsCallbacksAreKept() {
        var template = new TransactionTemplate(transactions);
        asTenant(() -> template.execute(status -> {
            TransactionSynchronizationManager.registerSynchronization(scheduling("first", true));
            return null;
        }));
        asTenant(() -> template.execute(status -> {
            TransactionSynchronizationManager.registerSynchronization(scheduling("second", true));
            schedule.scheduleAtCommit(kind, "second-body", T0, "{}"); // deferred before the callbacks run
            TransactionSynchronizationManager.registerSynchronization(scheduling("third", true));
            return null;
        }));
        asTenant(() -> template.execute(status -> {
            TransactionSynchronizationManager.registerSynchronization(scheduling("rolled", false));
            schedule.scheduleAtCommit(kind, "rolled-body", T0, "{}");
            status.setRollbackOnly();
            return null;
        }));

        assertThat(runner(Mode.TAKEN, "a", work -> effect(work)).drain(T0)).isEqualTo(14);
        assertThat(effects())
                .containsExactly(
                        "first-after-commit",
                        "first-after-completion",
                        "first-before-commit",
                        "first-before-completion",
                        "rolled-after-completion",
                        "second-after-commit",
                        "second-after-completion",
                        "second-before-commit",
                        "second-before-completion",
                        "second-body",
                        "third-after-commit",
                        "third-after-completion",
                        "third-before-commit",
                        "third-before-completion");
    }

    /** A synchronization whose callbacks schedule {@code prefix-<callback>} at commit. */
    private TransactionSynchronization scheduling(String prefix, boolean commits) {
        return new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                schedule.scheduleAtCommit(kind, prefix + "-before-commit", T0, "{}");
            }

            @Override
            public void beforeCompletion() {
                schedule.scheduleAtCommit(kind, prefix + "-before-completion", T0, "{}");
            }

            @Override
            public void afterCommit() {
                schedule.scheduleAtCommit(kind, prefix + "-after-commit", T0, "{}");
            }

            @Override
            public void afterCompletion(int status) {
                assertThat(status).isEqualTo(commits ? STATUS_COMMITTED : STATUS_ROLLED_BACK);
                schedule.scheduleAtCommit(kind, prefix + "-after-completion", T0, "{}");
            }
        };
    }

    /**
     * The race the kept keys must win: a key scheduled again while its taken row is running waits for that run on the
     * key's unique index, and once the run commits the new row is not added.
     */
    @Test
    void schedulingAKeyWhileItsTakenRowRunsAddsNothingOnceTheRunCommits() throws Exception {
        asTenant(() -> schedule.schedule(kind, "racing", T0));
        var running = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        DueWorkRunner runner = takenRunner("a", work -> {
            effect(work);
            running.countDown();
            await(release);
            return Outcome.done();
        });
        // threads of their own: the common pool may have a single thread on a small machine
        var threads = Executors.newFixedThreadPool(2);
        var run = CompletableFuture.supplyAsync(() -> runner.drain(T0), threads);
        await(running);
        var again = CompletableFuture.supplyAsync(() -> asTenant(() -> schedule.schedule(kind, "racing", T0)), threads);
        awaitSomeoneWaitingForALock();
        release.countDown();

        assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(again.get(30, TimeUnit.SECONDS)).isFalse();
        assertThat(takenRunner("b", work -> effect(work)).drain(T0)).isZero();
        assertThat(effects()).containsExactly("racing");
        threads.shutdown();
    }

    private void awaitSomeoneWaitingForALock() {
        var byOwner = new JdbcTemplate(owner);
        // pg_locks shows every session's waits (pg_stat_activity hides other roles' ones)
        while (byOwner.queryForObject("select count(*) from pg_locks where not granted", Long.class) == 0) {
            Thread.onSpinWait();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void assertEveryKeyRanOnce(int rows) {
        Map<String, Long> perKey = new JdbcTemplate(owner)
                        .queryForList(
                                "select work_key, count(*) as n from shared.schedule_test_effect where work_tenant = ?"
                                        + " group by work_key",
                                tenant.value())
                        .stream()
                        .collect(Collectors.toMap(
                                row -> (String) row.get("work_key"), row -> ((Number) row.get("n")).longValue()));
        assertThat(perKey).hasSize(rows);
        assertThat(perKey.values()).allMatch(n -> n == 1);
    }

    private DueWorkRunner takenRunner(String name, Function<DueWork, Outcome> handler) {
        return runner(Mode.TAKEN, name, handler);
    }

    private DueWorkRunner runner(Mode mode, String name, Function<DueWork, Outcome> handler) {
        return new DueWorkRunner(
                name, List.of(new TestHandler(kind, mode == Mode.TAKEN, handler)), claims, transactions, PROPERTIES);
    }

    private long rowsInTable() {
        return new JdbcTemplate(owner)
                .queryForObject(
                        "select count(*) from shared.due_work where tenant_id = ? and kind = ?",
                        Long.class,
                        tenant.value(),
                        kind);
    }

    private void insertInTenant(int rows) {
        var template = new TransactionTemplate(transactions);
        CallContext.forTenant(tenant, "test")
                .run(() -> template.executeWithoutResult(status -> jdbc.sql("""
                        insert into shared.due_work (tenant_id, kind, key, due_at, created_at)
                        select :tenant, :kind, 'c' || n, :due - (n % 2) * interval '60 seconds', :due
                        from generate_series(1, :rows) n
                        on conflict do nothing
                        """)
                        .param("tenant", tenant.value())
                        .param("kind", kind)
                        .param("due", Schedule.utc(T0))
                        .param("rows", rows)
                        .update()));
    }

    private DueWorkRunner runner(String name, Function<DueWork, Outcome> handler) {
        return runner(Mode.LEASED, name, handler);
    }

    /** The two ways rows run (see the package documentation). */
    enum Mode {
        LEASED,
        TAKEN
    }

    private Outcome effect(DueWork work) {
        jdbc.sql("insert into shared.schedule_test_effect values (?, ?, ?)")
                .params(work.tenant().value(), work.key(), work.fence())
                .update();
        return Outcome.done();
    }

    private List<String> effects() {
        return new JdbcTemplate(owner)
                .queryForList(
                        "select work_key from shared.schedule_test_effect where work_tenant = ? order by work_key",
                        String.class,
                        tenant.value());
    }

    private <T> T asTenant(Supplier<T> work) {
        return CallContext.forTenant(tenant, "test").call(work);
    }

    static class TestHandler implements DueWorkHandler {
        private final String kind;
        private final boolean taken;
        private final Function<DueWork, Outcome> body;
        private final int batchSize;

        TestHandler(String kind, Function<DueWork, Outcome> body) {
            this(kind, false, body);
        }

        TestHandler(String kind, boolean taken, Function<DueWork, Outcome> body) {
            this(kind, taken, 0, body);
        }

        TestHandler(String kind, boolean taken, int batchSize, Function<DueWork, Outcome> body) {
            this.kind = kind;
            this.taken = taken;
            this.batchSize = batchSize;
            this.body = body;
        }

        @Override
        public int batchSize() {
            return batchSize;
        }

        @Override
        public boolean effectsOnlyInDatabase() {
            return taken;
        }

        @Override
        public String kind() {
            return kind;
        }

        @Override
        public Outcome handle(DueWork work) {
            return body.apply(work);
        }
    }
}
