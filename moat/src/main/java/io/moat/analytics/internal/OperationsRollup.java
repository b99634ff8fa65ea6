package io.moat.analytics.internal;

import io.moat.messaging.SendSettled;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.tasks.TaskAssigned;
import io.moat.tasks.TaskClosed;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the rollups behind the overview's operations figures from the events of messaging and tasks, after the
 * publisher committed (a rolled-back settle or assignment never counts). Each row is keyed by its source's id, so a
 * repeated event changes nothing; a task's closing may arrive before its assignment is recorded and still lands.
 */
@Component
class OperationsRollup {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    OperationsRollup(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        // After commit the publisher's transaction is still bound; this work needs one of its own.
        this.transactions = new TransactionTemplate(transactions);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @TransactionalEventListener
    void on(SendSettled settled) {
        inTenant(settled.tenant(), () -> jdbc.sql("""
                        insert into analytics.send_outcome (tenant_id, send_id, state, reason, journey_id, settled_at)
                        values (?, ?, ?, ?, ?, ?)
                        on conflict (tenant_id, send_id) do nothing
                        """)
                .params(
                        settled.tenant().value(),
                        settled.sendId(),
                        settled.state().name().toLowerCase(Locale.ROOT),
                        settled.reason(),
                        settled.journeyId(),
                        utc(settled.settledAt()))
                .update());
    }

    @TransactionalEventListener
    void on(TaskAssigned assigned) {
        inTenant(assigned.tenant(), () -> jdbc.sql("""
                        insert into analytics.staff_task (tenant_id, task_id, kind, assignee, assigned_at, due_at)
                        values (?, ?, ?, ?, now(), ?)
                        on conflict (tenant_id, task_id) do update
                            set assignee = excluded.assignee, assigned_at = coalesce(analytics.staff_task.assigned_at,
                                excluded.assigned_at), due_at = excluded.due_at
                        """)
                .params(
                        assigned.tenant().value(),
                        assigned.task().value(),
                        assigned.kind(),
                        assigned.assignee(),
                        utc(assigned.dueAt()))
                .update());
    }

    @TransactionalEventListener
    void on(TaskClosed closed) {
        inTenant(closed.tenant(), () -> jdbc.sql("""
                        insert into analytics.staff_task (tenant_id, task_id, kind, closed_at)
                        values (?, ?, ?, ?)
                        on conflict (tenant_id, task_id) do update set closed_at = excluded.closed_at
                        """)
                .params(closed.tenant().value(), closed.task().value(), closed.kind(), utc(closed.at()))
                .update());
    }

    private void inTenant(TenantId tenant, Runnable work) {
        CallContext.forTenant(tenant, "analytics").run(() -> transactions.executeWithoutResult(status -> work.run()));
    }

    private static java.time.@Nullable OffsetDateTime utc(@Nullable Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
