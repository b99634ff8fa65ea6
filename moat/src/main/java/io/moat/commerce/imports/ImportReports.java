package io.moat.commerce.imports;

import io.moat.commerce.imports.ImportErrors.RowError;
import io.moat.shared.TenantId;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What the console shows of imports: the recent jobs, one job's report, and its rejected rows as a CSV file. */
@Service
public class ImportReports {

    static final int REPORTED_ERRORS = 100;

    private final ImportJobs jobs;
    private final ImportErrors errors;

    ImportReports(ImportJobs jobs, ImportErrors errors) {
        this.jobs = jobs;
        this.errors = errors;
    }

    /** An import with its first rejected rows. */
    public record ImportReport(ImportJob job, List<RowError> errors) {}

    @Transactional(readOnly = true)
    public ImportReport report(TenantId tenant, long id) {
        ImportJob job = jobs.find(tenant, id).orElseThrow(() -> OrderImports.notFound(id));
        return new ImportReport(job, errors.first(tenant, id, REPORTED_ERRORS));
    }

    @Transactional(readOnly = true)
    public List<ImportJob> recent(TenantId tenant, int limit) {
        return jobs.recent(tenant, limit);
    }

    /** The rejected rows as a CSV file for Excel. */
    @Transactional(readOnly = true)
    public byte[] rejectedRows(TenantId tenant, long id) {
        jobs.find(tenant, id).orElseThrow(() -> OrderImports.notFound(id));
        return RejectedRows.csv(errors.header(tenant, id), errors.all(tenant, id));
    }
}
