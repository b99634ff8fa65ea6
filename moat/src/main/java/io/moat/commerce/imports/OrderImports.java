package io.moat.commerce.imports;

import io.moat.commerce.export.ExportTable;
import io.moat.commerce.imports.ImportJobs.NewJob;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.workspace.AuditLog;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts imports of marketplace order exports: the upload is checked at once (so a wrong file or mapping is refused
 * with the field at fault), recorded with its bytes and audited, then run in the background. Call in the
 * workspace's scope.
 */
@Service
public class OrderImports {

    /** Orders per committed batch: large enough that the per-batch work is small, small enough to show progress. */
    static final int BATCH_SIZE = 10_000;

    private final ImportJobs jobs;
    private final ImportMappings mappings;
    private final OrderImport runner;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    OrderImports(
            ImportJobs jobs,
            ImportMappings mappings,
            OrderImport runner,
            AuditLog audit,
            TransactionTemplate transactions) {
        this.jobs = jobs;
        this.mappings = mappings;
        this.runner = runner;
        this.audit = audit;
        this.transactions = transactions;
    }

    public long start(TenantId tenant, ZoneId zone, OrderUpload upload) {
        Opened opened =
                Objects.requireNonNull(transactions.execute(status -> record(tenant, zone, upload, BATCH_SIZE)));
        // The job starts from the table just read for the check rather than reading its stored copy again.
        runner.submit(tenant, opened.id(), opened.table());
        return opened.id();
    }

    /** Checks the upload and records the job (committed) without running it. */
    long open(TenantId tenant, ZoneId zone, OrderUpload upload, int batchSize) {
        Opened opened = transactions.execute(status -> record(tenant, zone, upload, batchSize));
        return Objects.requireNonNull(opened).id();
    }

    private record Opened(long id, ExportTable table) {}

    private Opened record(TenantId tenant, ZoneId zone, OrderUpload upload, int batchSize) {
        var checked = ImportFile.check(upload, () -> mappings.saved(tenant, upload.sourceName()));
        boolean generic = upload.source().needsMapping();
        if (generic && upload.mapping() != null) {
            mappings.save(tenant, upload.sourceName(), upload.mapping());
        }
        String sha256 = sha256(upload.bytes());
        long id = jobs.create(
                tenant,
                new NewJob(
                        upload.source(),
                        upload.sourceName(),
                        upload.platform(),
                        upload.fileName(),
                        sha256,
                        upload.bytes(),
                        generic ? mappings.write(checked.mapping()) : null,
                        zone,
                        batchSize,
                        checked.table().header(),
                        CallContext.current().actor()));
        audit.record(
                "commerce.import.started",
                "import:" + id,
                Map.of(
                        "source",
                        upload.sourceName(),
                        "fileName",
                        upload.fileName(),
                        "bytes",
                        upload.bytes().length,
                        "sha256",
                        sha256));
        return new Opened(id, checked.table());
    }

    static Problem notFound(long id) {
        return new Problem(HttpStatus.NOT_FOUND, "import-not-found", "No import " + id + ".", "id");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
