package io.moat.commerce.imports;

import io.moat.commerce.Platform;
import io.moat.commerce.export.ExportSource;
import io.moat.commerce.export.HeaderMapping;
import io.moat.commerce.export.ParsedExport;
import io.moat.commerce.order.BatchOutcome;
import io.moat.commerce.order.BatchOutcome.Result;
import io.moat.shared.TenantId;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The import jobs of a workspace. Progress is written in the transaction of the batch it counts, guarded by the
 * number of batches already done, so a resumed job neither counts a batch twice nor runs beside another copy of
 * itself.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class ImportJobs {

    private static final String JOB_COLUMNS = """
            id, source, source_name, platform, file_name, status, rows_read, imported, updated, duplicates, rejected,
            failure, started_by, started_at, finished_at""";

    private final JdbcClient jdbc;
    private final ImportMappings mappings;
    private final Clock clock;

    ImportJobs(JdbcClient jdbc, ImportMappings mappings, Clock clock) {
        this.jdbc = jdbc;
        this.mappings = mappings;
        this.clock = clock;
    }

    /** What a new job needs. */
    record NewJob(
            ExportSource source,
            String sourceName,
            Platform platform,
            String fileName,
            String sha256,
            byte[] bytes,
            @Nullable String mappingJson,
            ZoneId zone,
            int batchSize,
            List<String> header,
            String startedBy) {}

    /** What a worker needs to (re)run a job. */
    record Work(
            long id,
            ExportSource source,
            Platform platform,
            byte @Nullable [] bytes,
            @Nullable HeaderMapping mapping,
            ZoneId zone,
            int batchSize,
            boolean parsed,
            int batchesDone) {}

    long create(TenantId tenant, NewJob job) {
        return jdbc.sql("""
                insert into commerce.import_job
                    (tenant_id, source, source_name, platform, file_name, file_sha256, file_bytes, mapping, timezone,
                     batch_size, status, header, started_by, started_at)
                values (?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, 'running', ?, ?, ?)
                returning id
                """)
                .params(
                        tenant.value(),
                        job.source().code(),
                        job.sourceName(),
                        job.platform().code(),
                        job.fileName(),
                        job.sha256(),
                        job.bytes(),
                        job.mappingJson(),
                        job.zone().getId(),
                        job.batchSize(),
                        job.header().toArray(String[]::new),
                        job.startedBy(),
                        now())
                .query(Long.class)
                .single();
    }

    /** A running job; its stored file only {@code withBytes} (a job started in this process has it in memory). */
    Optional<Work> work(TenantId tenant, long id, boolean withBytes) {
        return jdbc.sql("""
                select id, source, platform, case when ? then file_bytes end, mapping::text, timezone, batch_size,
                       parsed, batches_done
                from commerce.import_job
                where tenant_id = ? and id = ? and status = 'running' and file_bytes is not null
                """)
                .params(withBytes, tenant.value(), id)
                .query((row, n) -> new Work(
                        row.getLong(1),
                        ExportSource.ofCode(row.getString(2)).orElseThrow(),
                        Platform.ofCode(row.getString(3)).orElseThrow(),
                        row.getBytes(4),
                        row.getString(5) == null ? null : mappings.read(row.getString(5)),
                        ZoneId.of(row.getString(6)),
                        row.getInt(7),
                        row.getBoolean(8),
                        row.getInt(9)))
                .optional();
    }

    List<Long> running(TenantId tenant) {
        return jdbc.sql("select id from commerce.import_job where tenant_id = ? and status = 'running' order by id")
                .params(tenant.value())
                .query(Long.class)
                .list();
    }

    /** Records what reading the file found; done once per job, before its first batch. */
    void parsed(TenantId tenant, long id, ParsedExport parsed) {
        jdbc.sql("""
                update commerce.import_job
                set parsed = true, rows_read = ?, rejected = ?, duplicates = ?
                where tenant_id = ? and id = ?
                """)
                .params(parsed.rowsRead(), parsed.rejections().size(), parsed.repeatedRows(), tenant.value(), id)
                .update();
    }

    /** Counts batch number {@code batch}; false when another worker already did (the caller then rolls back). */
    boolean batchDone(TenantId tenant, long id, int batch, BatchOutcome outcome) {
        return jdbc.sql("""
                update commerce.import_job
                set batches_done = ?, imported = imported + ?, updated = updated + ?, duplicates = duplicates + ?
                where tenant_id = ? and id = ? and batches_done = ? and status = 'running'
                """)
                        .params(
                                batch,
                                outcome.count(Result.INSERTED),
                                outcome.count(Result.UPDATED),
                                outcome.count(Result.UNCHANGED),
                                tenant.value(),
                                id,
                                batch - 1)
                        .update()
                == 1;
    }

    /** Finishes a job; the uploaded file is no longer needed and is dropped. */
    void finish(TenantId tenant, long id, @Nullable String failure) {
        jdbc.sql("""
                update commerce.import_job
                set status = ?, failure = ?, finished_at = ?, file_bytes = null
                where tenant_id = ? and id = ? and status = 'running'
                """)
                .params(failure == null ? "completed" : "failed", failure, now(), tenant.value(), id)
                .update();
    }

    @Transactional(readOnly = true)
    public Optional<ImportJob> find(TenantId tenant, long id) {
        return jdbc.sql("select " + JOB_COLUMNS + " from commerce.import_job where tenant_id = ? and id = ?")
                .params(tenant.value(), id)
                .query(ImportJob.class)
                .optional();
    }

    @Transactional(readOnly = true)
    public List<ImportJob> recent(TenantId tenant, int limit) {
        return jdbc.sql("select " + JOB_COLUMNS
                        + " from commerce.import_job where tenant_id = ? order by id desc limit ?")
                .params(tenant.value(), limit)
                .query(ImportJob.class)
                .list();
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
