package io.moat.messaging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.MoatTest;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A worker checking a send locks its recipient for the rest of its batch, and a second worker does not wait for that
 * lock (it checks its send again later): two batches waiting for each other's recipients would deadlock.
 */
@MoatTest
class ReceiveLimitsTests {

    @Autowired
    ReceiveLimits limits;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aRecipientHeldByAnotherBatchIsRefusedAtOnceAndFreedByItsCommit() throws Exception {
        TenantId tenant = new TenantId(ThreadLocalRandom.current().nextLong(1_000_000, Long.MAX_VALUE / 2));
        var held = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var threads = Executors.newFixedThreadPool(2);
        try {
            var first = CompletableFuture.supplyAsync(
                    () -> inTransaction(tenant, () -> {
                        boolean a = limits.lock(tenant, "wm-a");
                        boolean again = limits.lock(tenant, "wm-a"); // a second send to A in the same batch
                        held.countDown();
                        await(release);
                        return a && again;
                    }),
                    threads);
            await(held);
            boolean secondGotA = inTransaction(tenant, () -> limits.lock(tenant, "wm-a"));
            boolean secondGotB = inTransaction(tenant, () -> limits.lock(tenant, "wm-b"));
            release.countDown();

            assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(secondGotA).as("held by the first batch").isFalse();
            assertThat(secondGotB).isTrue();
            assertThat(inTransaction(tenant, () -> limits.lock(tenant, "wm-a")))
                    .as("free once the first batch committed")
                    .isTrue();
        } finally {
            threads.shutdownNow();
        }
    }

    private <T> T inTransaction(TenantId tenant, Supplier<T> work) {
        return CallContext.forTenant(tenant, "test")
                .call(() -> new TransactionTemplate(transactions).execute(status -> work.get()));
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
