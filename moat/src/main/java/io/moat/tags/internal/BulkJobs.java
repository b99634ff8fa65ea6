package io.moat.tags.internal;

import io.moat.shared.TenantId;
import io.moat.tags.internal.Tagging.Marked;
import io.moat.tags.internal.Tagging.Outcome;
import io.moat.tags.internal.Tagging.Result;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bulk tagging jobs and their per-customer results. A worker holds a job by lease; each claim raises the job's
 * fencing token, and a customer's results and counts are written only under the token that claimed it, so a job
 * taken over after a stall is never counted twice.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class BulkJobs {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration lease;

    BulkJobs(JdbcClient jdbc, Clock clock, @Value("${moat.tags.bulk.lease:5m}") Duration lease) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.lease = lease;
    }

    /** A claimed job: what to do to whom, and the token its writes must carry. */
    record Job(long id, List<Long> add, List<Long> remove, List<Long> customers, String startedBy, long token) {}

    /** How far a job got; {@code done} counts every customer handled, failed and skipped ones among them. */
    public record Progress(
            long id,
            String status,
            int total,
            int done,
            int failed,
            int skipped,
            @Nullable String failure,
            String startedBy,
            OffsetDateTime startedAt,
            @Nullable OffsetDateTime finishedAt) {}

    /** One relation's result; {@code staffUserId} is null when no WeCom call was due or possible. */
    public record ResultRow(
            long customerId,
            @Nullable String staffUserId,
            String outcome,
            @Nullable String reason) {}

    long create(TenantId tenant, List<Long> add, List<Long> remove, List<Long> customers, String startedBy) {
        return jdbc.sql("""
                insert into tags.bulk_job (tenant_id, add_tag_ids, remove_tag_ids, customer_ids, status, total,
                    started_by, started_at)
                values (?, ?, ?, ?, 'running', ?, ?, ?) returning id
                """)
                .params(
                        tenant.value(),
                        add.toArray(Long[]::new),
                        remove.toArray(Long[]::new),
                        customers.toArray(Long[]::new),
                        customers.size(),
                        startedBy,
                        now())
                .query(Long.class)
                .single();
    }

    Optional<Job> claim(TenantId tenant, long id) {
        return jdbc.sql("""
                update tags.bulk_job set lease_token = lease_token + 1, lease_until = ?
                where tenant_id = ? and id = ? and status = 'running' and (lease_until is null or lease_until < ?)
                returning id, add_tag_ids, remove_tag_ids, customer_ids, started_by, lease_token
                """)
                .params(now().plus(lease), tenant.value(), id, now())
                .query((row, n) -> new Job(
                        row.getLong(1),
                        ids(row.getArray(2)),
                        ids(row.getArray(3)),
                        ids(row.getArray(4)),
                        row.getString(5),
                        row.getLong(6)))
                .optional();
    }

    /** Running jobs no worker holds: never started, or left by one that stopped. */
    List<Long> claimable(TenantId tenant) {
        return jdbc.sql("""
                select id from tags.bulk_job
                where tenant_id = ? and status = 'running' and (lease_until is null or lease_until < ?) order by id
                """).params(tenant.value(), now()).query(Long.class).list();
    }

    Set<Long> handled(TenantId tenant, long id) {
        return Set.copyOf(
                jdbc.sql("select distinct customer_id from tags.bulk_result where tenant_id = ? and job_id = ?")
                        .params(tenant.value(), id)
                        .query(Long.class)
                        .list());
    }

    /** Counts one customer and keeps its results; false when the job's lease went to another worker. */
    boolean record(TenantId tenant, Job job, Marked marked) {
        Outcome outcome = marked.outcome();
        int counted = jdbc.sql("""
                update tags.bulk_job set done = done + 1, failed = failed + ?, skipped = skipped + ?, lease_until = ?
                where tenant_id = ? and id = ? and status = 'running' and lease_token = ?
                """)
                .params(
                        outcome == Outcome.FAILED ? 1 : 0,
                        outcome == Outcome.SKIPPED ? 1 : 0,
                        now().plus(lease),
                        tenant.value(),
                        job.id(),
                        job.token())
                .update();
        if (counted == 0) {
            return false;
        }
        for (Result result : marked.results()) {
            jdbc.sql("""
                    insert into tags.bulk_result (tenant_id, job_id, customer_id, staff_user_id, outcome, reason)
                    values (?, ?, ?, ?, ?, ?)
                    """)
                    .params(
                            tenant.value(),
                            job.id(),
                            result.customer().value(),
                            result.staffUserId(),
                            result.outcome().code(),
                            result.reason())
                    .update();
        }
        return true;
    }

    void finish(TenantId tenant, Job job, @Nullable String failure) {
        jdbc.sql("""
                update tags.bulk_job set status = ?, failure = ?, finished_at = ?, lease_until = null
                where tenant_id = ? and id = ? and status = 'running' and lease_token = ?
                """)
                .params(failure == null ? "completed" : "failed", failure, now(), tenant.value(), job.id(), job.token())
                .update();
    }

    @Transactional(readOnly = true)
    public Optional<Progress> progress(TenantId tenant, long id) {
        return jdbc.sql("""
                select id, status, total, done, failed, skipped, failure, started_by, started_at, finished_at
                from tags.bulk_job where tenant_id = ? and id = ?
                """).params(tenant.value(), id).query(Progress.class).optional();
    }

    /** The first failed or skipped results, by customer. */
    @Transactional(readOnly = true)
    public List<ResultRow> problems(TenantId tenant, long id, int limit) {
        return jdbc.sql("""
                select customer_id, staff_user_id, outcome, reason from tags.bulk_result
                where tenant_id = ? and job_id = ? and outcome <> 'ok'
                order by customer_id, staff_user_id nulls first limit ?
                """)
                .params(tenant.value(), id, limit)
                .query(ResultRow.class)
                .list();
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static List<Long> ids(Array array) throws SQLException {
        return Arrays.asList((Long[]) array.getArray());
    }
}
