package io.moat.wecom.sync;

import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The record of sync runs: at most one running per workspace, with its phase and counts as it goes. */
@Component
public class SyncRuns {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    SyncRuns(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    public record SyncRun(
            long id,
            String kind,
            String status,
            String phase,
            OffsetDateTime startedAt,
            @Nullable OffsetDateTime finishedAt,
            Map<String, Long> counts,
            @Nullable String error) {}

    long start(TenantId tenant, String kind) {
        try {
            return jdbc.sql("""
                    insert into wecom.sync_run (tenant_id, kind, status, phase, started_at)
                    values (?, ?, 'running', 'departments', ?) returning id
                    """)
                    .params(tenant.value(), kind, now())
                    .query(Long.class)
                    .single();
        } catch (DuplicateKeyException e) {
            throw new Problem(HttpStatus.CONFLICT, "sync-running", "A sync is already running for this workspace.");
        }
    }

    void progress(TenantId tenant, long id, String phase, Map<String, Long> counts) {
        jdbc.sql("update wecom.sync_run set phase = ?, counts = cast(? as jsonb) where tenant_id = ? and id = ?")
                .params(phase, json.writeValueAsString(counts), tenant.value(), id)
                .update();
    }

    void finish(TenantId tenant, long id, Map<String, Long> counts, @Nullable String error) {
        jdbc.sql("""
                update wecom.sync_run set status = ?, phase = ?, counts = cast(? as jsonb), error = ?, finished_at = ?
                where tenant_id = ? and id = ?
                """)
                .params(
                        error == null ? "succeeded" : "failed",
                        error == null ? "done" : "failed",
                        json.writeValueAsString(counts),
                        error,
                        now(),
                        tenant.value(),
                        id)
                .update();
    }

    /** Runs left "running" by a stopped instance can never finish; they are closed as failed at start-up. */
    void abandonRunning(TenantId tenant) {
        jdbc.sql("""
                update wecom.sync_run set status = 'failed', error = 'interrupted by a restart', finished_at = ?
                where tenant_id = ? and status = 'running'
                """).params(now(), tenant.value()).update();
    }

    @Transactional(readOnly = true)
    public List<SyncRun> recent(TenantId tenant, int limit) {
        return jdbc.sql("""
                select id, kind, status, phase, started_at, finished_at, counts::text, error
                from wecom.sync_run where tenant_id = ? order by id desc limit ?
                """)
                .params(tenant.value(), limit)
                .query((row, n) -> new SyncRun(
                        row.getLong(1),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        row.getObject(5, OffsetDateTime.class),
                        row.getObject(6, OffsetDateTime.class),
                        json.readValue(row.getString(7), new TypeReference<Map<String, Long>>() {}),
                        row.getString(8)))
                .list();
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
