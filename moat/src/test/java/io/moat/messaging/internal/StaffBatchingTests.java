package io.moat.messaging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.MoatTest;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every send checked for a staff member expects that member's batch. Two workers checking sends of the same members
 * in opposite orders must both commit: the batch keys are locked in one order by everyone (they used to be inserted
 * one by one, in each batch's own order, and the second worker of such a pair was aborted as a deadlock).
 */
@MoatTest
class StaffBatchingTests {

    static final Instant NOW = Instant.parse("2026-11-23T02:00:00.500Z");

    @Autowired
    StaffBatching batching;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Test
    void twoBatchesExpectingTheSameMembersInOppositeOrdersBothCommit() throws Exception {
        TenantId tenant = new TenantId(ThreadLocalRandom.current().nextLong(1_000_000, Long.MAX_VALUE / 2));
        var firstHoldsZhang = new CountDownLatch(1);
        var secondHoldsLi = new CountDownLatch(1);
        var threads = Executors.newFixedThreadPool(2);
        try {
            var first = CompletableFuture.runAsync(
                    () -> inTransaction(tenant, () -> {
                        batching.expect("zhang", NOW);
                        firstHoldsZhang.countDown();
                        await(secondHoldsLi);
                        batching.expect("li", NOW);
                    }),
                    threads);
            var second = CompletableFuture.runAsync(
                    () -> inTransaction(tenant, () -> {
                        await(firstHoldsZhang);
                        batching.expect("li", NOW);
                        batching.expect("li", NOW); // a second send for the same member in the same batch
                        secondHoldsLi.countDown();
                        batching.expect("zhang", NOW);
                    }),
                    threads);

            first.get(60, TimeUnit.SECONDS);
            second.get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        List<String> keys = new JdbcTemplate(owner)
                .queryForList(
                        "select key from shared.due_work where tenant_id = ? and kind = ? order by key",
                        String.class,
                        tenant.value(),
                        StaffBatching.KIND);
        assertThat(keys).hasSize(4); // each member's window and its late-commit window, once
        assertThat(keys.stream().map(k -> k.substring(0, k.indexOf('/'))))
                .containsExactly("li", "li", "zhang", "zhang");
    }

    private void inTransaction(TenantId tenant, Runnable work) {
        CallContext.forTenant(tenant, "test")
                .run(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> work.run()));
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
}
