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

    /**
     * How far a job got; {@code done} counts every customer handled, failed and skipped ones among them. {@code
     * selection} is the list filter the job was started with (null when the customers were picked one by one).
     */
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
            @Nullable OffsetDateTime finishedAt,
            @Nullable String selection,
            List<Long> add,
            List<Long> remove) {}

    /**
     * One relation's result; {@code staffUserId} is null when no WeCom call was due or possible, {@code errcode} is
     * WeCom's when it refused.
     */
    public record ResultRow(
            long customerId,
            @Nullable String staffUserId,
            String outcome,
            @Nullable String reason,
            @Nullable Integer errcode) {}

    /** A new job, or the one an earlier start with the same request key made (then {@code created} is false). */
    /** A job made now, or the one an earlier request with the key made, with that request's fingerprint. */
    record Created(long id, boolean created, @Nullable String fingerprint) {}

    Created create(
            TenantId tenant,
            List<Long> add,
            List<Long> remove,
            List<Long> customers,
            String startedBy,
            @Nullable String selection,
            @Nullable String requestKey,
            @Nullable String fingerprint) {
        Optional<Long> made = jdbc.sql("""
                insert into tags.bulk_job (tenant_id, add_tag_ids, remove_tag_ids, customer_ids, status, total,
                    started_by, started_at, selection, request_key, request_fingerprint)
                values (?, ?, ?, ?, 'running', ?, ?, ?, cast(? as jsonb), ?, ?)
                on conflict (tenant_id, request_key) where request_key is not null do nothing
                returning id
                """)
                .params(
                        tenant.value(),
                        add.toArray(Long[]::new),
                        remove.toArray(Long[]::new),
                        customers.toArray(Long[]::new),
                        customers.size(),
                        startedBy,
                        now(),
                        selection,
                        requestKey,
                        fingerprint)
                .query(Long.class)
                .optional();
        if (made.isPresent()) {
            return new Created(made.get(), true, fingerprint);
        }
        return jdbc.sql("select id, request_fingerprint from tags.bulk_job where tenant_id = ? and request_key = ?")
                .params(tenant.value(), requestKey)
                .query((row, n) -> new Created(row.getLong(1), false, row.getString(2)))
                .single();
    }

    /** The customers of a job whose result (on any relation) was a failure, for a retry. */
    @Transactional(readOnly = true)
    public List<Long> failedCustomers(TenantId tenant, long id) {
        return jdbc.sql("""
                select distinct customer_id from tags.bulk_result
                where tenant_id = ? and job_id = ? and outcome = 'failed' order by customer_id
                """).params(tenant.value(), id).query(Long.class).list();
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
                    insert into tags.bulk_result (tenant_id, job_id, customer_id, staff_user_id, outcome, reason,
                        errcode)
                    values (?, ?, ?, ?, ?, ?, ?)
                    """)
                    .params(
                            tenant.value(),
                            job.id(),
                            result.customer().value(),
                            result.staffUserId(),
                            result.outcome().code(),
                            result.reason(),
                            result.errcode())
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

    private static final String PROGRESS = """
            select id, status, total, done, failed, skipped, failure, started_by, started_at, finished_at,
                   selection::text, add_tag_ids, remove_tag_ids
            from tags.bulk_job
            """;

    @Transactional(readOnly = true)
    public Optional<Progress> progress(TenantId tenant, long id) {
        return jdbc.sql(PROGRESS + " where tenant_id = ? and id = ?")
                .params(tenant.value(), id)
                .query(BulkJobs::progress)
                .optional();
    }

    /** The latest jobs, newest first. */
    @Transactional(readOnly = true)
    public List<Progress> recent(TenantId tenant, int limit) {
        return jdbc.sql(PROGRESS + " where tenant_id = ? order by started_at desc, id desc limit ?")
                .params(tenant.value(), limit)
                .query(BulkJobs::progress)
                .list();
    }

    private static Progress progress(java.sql.ResultSet row, int n) throws SQLException {
        return new Progress(
                row.getLong("id"),
                row.getString("status"),
                row.getInt("total"),
                row.getInt("done"),
                row.getInt("failed"),
                row.getInt("skipped"),
                row.getString("failure"),
                row.getString("started_by"),
                row.getObject("started_at", OffsetDateTime.class),
                row.getObject("finished_at", OffsetDateTime.class),
                row.getString("selection"),
                ids(row.getArray("add_tag_ids")),
                ids(row.getArray("remove_tag_ids")));
    }

    /** The first failed or skipped results, by customer. */
    @Transactional(readOnly = true)
    public List<ResultRow> problems(TenantId tenant, long id, int limit) {
        return jdbc.sql("""
                select customer_id, staff_user_id, outcome, reason, errcode from tags.bulk_result
                where tenant_id = ? and job_id = ? and outcome <> 'ok'
                order by customer_id, staff_user_id nulls first limit ?
                """)
                .params(tenant.value(), id, limit)
                .query(ResultRow.class)
                .list();
    }

    /**
     * Every relation's result of the first {@code limit} customers after {@code after} (by id), optionally of one
     * outcome: keyset pages over a job of any size.
     */
    @Transactional(readOnly = true)
    public List<ResultRow> results(TenantId tenant, long id, @Nullable String outcome, long after, int limit) {
        return jdbc.sql("""
                select customer_id, staff_user_id, outcome, reason, errcode from tags.bulk_result
                where tenant_id = :tenant and job_id = :job and (cast(:outcome as text) is null or outcome = :outcome)
                  and customer_id in (
                      select distinct customer_id from tags.bulk_result
                      where tenant_id = :tenant and job_id = :job and customer_id > :after
                        and (cast(:outcome as text) is null or outcome = :outcome)
                      order by customer_id limit :limit)
                order by customer_id, staff_user_id nulls first
                """)
                .param("tenant", tenant.value())
                .param("job", id)
                .param("outcome", outcome)
                .param("after", after)
                .param("limit", limit)
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
