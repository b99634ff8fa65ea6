package io.moat.messaging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.MoatTest;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.time.LocalTime;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A transaction (a batch of checked sends) reads a workspace's policy once and checks every send against that one
 * policy; the next transaction reads it again, and a policy the transaction stores itself replaces what it read.
 */
@MoatTest
class PoliciesTests {

    @Autowired
    Policies policies;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aTransactionKeepsThePolicyItReadAndTheNextOneReadsAgain() {
        TenantId tenant = new TenantId(ThreadLocalRandom.current().nextLong(1_000_000, Long.MAX_VALUE / 2));
        inTransaction(tenant, () -> {
            policies.store(tenant, withDailyCap(2));
            return null;
        });

        Integer[] seen = inTransaction(tenant, () -> {
            Integer first = policies.of(tenant).dailyCap();
            // changed behind the broker's back (another instance's settings page) while this batch runs
            inOwnTransaction(tenant, () -> jdbc.sql("update messaging.policy set daily_cap = 5 where tenant_id = ?")
                    .param(tenant.value())
                    .update());
            Integer second = policies.of(tenant).dailyCap();
            policies.store(tenant, withDailyCap(7));
            Integer afterStore = policies.of(tenant).dailyCap();
            return new Integer[] {first, second, afterStore};
        });

        assertThat(seen).containsExactly(2, 2, 7);
        assertThat(inTransaction(tenant, () -> policies.of(tenant).dailyCap()))
                .as("the next transaction reads the stored row")
                .isEqualTo(7);
        inOwnTransaction(tenant, () -> jdbc.sql("update messaging.policy set daily_cap = 9 where tenant_id = ?")
                .param(tenant.value())
                .update());
        assertThat(inTransaction(tenant, () -> policies.of(tenant).dailyCap())).isEqualTo(9);
    }

    private static MessagingPolicy withDailyCap(int cap) {
        MessagingPolicy d = MessagingPolicy.defaults();
        return new MessagingPolicy(
                LocalTime.of(22, 0),
                LocalTime.of(8, 0),
                cap,
                d.weeklyCap(),
                d.monthlyQuota(),
                d.priorityReserve(),
                d.confirmWithin(),
                d.remindEvery());
    }

    private <T> T inTransaction(TenantId tenant, Supplier<T> work) {
        return CallContext.forTenant(tenant, "test")
                .call(() -> new TransactionTemplate(transactions).execute(status -> work.get()));
    }

    private <T> T inOwnTransaction(TenantId tenant, Supplier<T> work) {
        var own = new TransactionTemplate(transactions);
        own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        return CallContext.forTenant(tenant, "test").call(() -> own.execute(status -> work.get()));
    }
}
