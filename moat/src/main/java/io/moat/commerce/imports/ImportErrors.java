package io.moat.commerce.imports;

import io.moat.commerce.export.Rejection;
import io.moat.shared.TenantId;
import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The rows an import left out, each with its spreadsheet row number, the reason and its cells as read, so the
 * seller can be shown the first of them and download them all. Recording them again (a resumed job) adds nothing.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class ImportErrors {

    private static final int ROWS_PER_STATEMENT = 1000;

    private final JdbcClient jdbc;

    ImportErrors(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A rejected row as the import report shows it. */
    public record RowError(int row, String reason) {}

    void record(TenantId tenant, long jobId, List<Rejection> rejections) {
        for (int from = 0; from < rejections.size(); from += ROWS_PER_STATEMENT) {
            var slice = rejections.subList(from, Math.min(rejections.size(), from + ROWS_PER_STATEMENT));
            List<Object> params = new ArrayList<>();
            slice.forEach(r -> Collections.addAll(
                    params,
                    tenant.value(),
                    jobId,
                    r.row(),
                    r.reason(),
                    r.cells().toArray(String[]::new)));
            jdbc.sql("""
                    insert into commerce.import_error (tenant_id, job_id, row_number, reason, cells)
                    values %s
                    on conflict do nothing
                    """.formatted(String.join(", ", Collections.nCopies(slice.size(), "(?, ?, ?, ?, ?)"))))
                    .params(params)
                    .update();
        }
    }

    @Transactional(readOnly = true)
    public List<RowError> first(TenantId tenant, long jobId, int limit) {
        return jdbc.sql("""
                select row_number, reason from commerce.import_error
                where tenant_id = ? and job_id = ? order by row_number limit ?
                """)
                .params(tenant.value(), jobId, limit)
                .query((row, n) -> new RowError(row.getInt(1), row.getString(2)))
                .list();
    }

    @Transactional(readOnly = true)
    List<Rejection> all(TenantId tenant, long jobId) {
        return jdbc.sql("""
                select row_number, reason, cells from commerce.import_error
                where tenant_id = ? and job_id = ? order by row_number
                """)
                .params(tenant.value(), jobId)
                .query((row, n) -> new Rejection(row.getInt(1), row.getString(2), strings(row.getArray(3))))
                .list();
    }

    /** The header of the job's file, for the rejected rows' download. */
    @Transactional(readOnly = true)
    List<String> header(TenantId tenant, long jobId) {
        return jdbc.sql("select header from commerce.import_job where tenant_id = ? and id = ?")
                .params(tenant.value(), jobId)
                .query((row, n) -> strings(row.getArray(1)))
                .single();
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }
}
