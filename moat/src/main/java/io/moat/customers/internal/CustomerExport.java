package io.moat.customers.internal;

import io.moat.shared.Problem;
import io.moat.workspace.AuditLog;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a filtered customer list as CSV (UTF-8 with a byte-order mark, so Excel reads the Chinese) or Excel,
 * page by page so a million rows never sit in memory. Phones are masked unless the role may see personal data;
 * every export is audited with its filter, size and whether it held personal data.
 */
@Service
public class CustomerExport {

    static final int PAGE = 1000;
    static final List<String> HEADER =
            List.of("编号 number", "姓名 name", "手机 phone", "来源 source", "首次添加 first added", "跟进员工 staff", "渠道 channel");

    private final CustomerDirectory directory;
    private final CustomFields fields;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    CustomerExport(CustomerDirectory directory, CustomFields fields, AuditLog audit, TransactionTemplate transactions) {
        this.directory = directory;
        this.fields = fields;
        this.audit = audit;
        this.transactions = transactions;
    }

    public enum Format {
        CSV,
        XLSX;

        public static Format of(String code) {
            return switch (code.toLowerCase(java.util.Locale.ROOT)) {
                case "csv" -> CSV;
                case "xlsx", "excel" -> XLSX;
                default ->
                    throw new Problem(
                            HttpStatus.BAD_REQUEST, "invalid-parameter", "format must be csv or xlsx.", "format");
            };
        }
    }

    /** Writes every matching customer and returns how many there were. */
    public long write(CurrentWorkspace workspace, Format format, CustomerFilter filter, OutputStream out)
            throws IOException {
        DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(workspace.timezone());
        long rows =
                switch (format) {
                    case CSV -> csv(workspace, filter, out, time);
                    case XLSX -> xlsx(workspace, filter, out, time);
                };
        transactions.executeWithoutResult(status -> audit.record(
                "customer.exported",
                "customers",
                Map.of(
                        "format",
                        format.name().toLowerCase(java.util.Locale.ROOT),
                        "rows",
                        rows,
                        "query",
                        String.valueOf(filter.query()),
                        "staff",
                        String.valueOf(filter.staff()),
                        "stage",
                        String.valueOf(filter.stage()),
                        "field",
                        String.valueOf(filter.field()),
                        "personalData",
                        workspace.can(Permission.CUSTOMERS_PII))));
        return rows;
    }

    private long csv(CurrentWorkspace workspace, CustomerFilter filter, OutputStream out, DateTimeFormatter time)
            throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write('\uFEFF');
        var custom = fields.definitions(workspace);
        writer.write(String.join(
                        ",", header(custom).stream().map(CustomerExport::quote).toList()) + "\r\n");
        long count = 0;
        Long before = null;
        do {
            var page = directory.list(workspace, before, PAGE, filter);
            var values = values(workspace, page);
            for (var row : page.items()) {
                writer.write(
                        String.join(
                                        ",",
                                        cells(row, time, custom, values).stream()
                                                .map(CustomerExport::quote)
                                                .toList()) + "\r\n");
                count++;
            }
            before = page.next();
        } while (before != null);
        writer.flush();
        return count;
    }

    private long xlsx(CurrentWorkspace workspace, CustomerFilter filter, OutputStream out, DateTimeFormatter time)
            throws IOException {
        Workbook workbook = new Workbook(out, "Moat", "1.0");
        Worksheet sheet = workbook.newWorksheet("customers");
        var custom = fields.definitions(workspace);
        List<String> header = header(custom);
        for (int c = 0; c < header.size(); c++) {
            sheet.value(0, c, header.get(c));
        }
        int r = 1;
        Long before = null;
        do {
            var page = directory.list(workspace, before, PAGE, filter);
            var values = values(workspace, page);
            for (var row : page.items()) {
                List<String> cells = cells(row, time, custom, values);
                for (int c = 0; c < cells.size(); c++) {
                    sheet.value(r, c, cells.get(c));
                }
                r++;
            }
            sheet.flush();
            before = page.next();
        } while (before != null);
        workbook.finish();
        return r - 1L;
    }

    /** The fixed columns, then one per custom field, headed by its label. */
    private static List<String> header(List<CustomFields.Definition> custom) {
        var header = new java.util.ArrayList<>(HEADER);
        custom.forEach(field -> header.add(field.label()));
        return header;
    }

    private Map<Long, Map<Long, String>> values(CurrentWorkspace workspace, CustomerDirectory.Page page) {
        return fields.valuesOf(
                workspace, page.items().stream().map(CustomerDirectory.Row::id).toList());
    }

    private static List<String> cells(
            CustomerDirectory.Row row,
            DateTimeFormatter time,
            List<CustomFields.Definition> custom,
            Map<Long, Map<Long, String>> values) {
        var cells = new java.util.ArrayList<>(fixedCells(row, time));
        Map<Long, String> own = values.getOrDefault(row.id(), Map.of());
        custom.forEach(field -> cells.add(own.getOrDefault(field.id(), "")));
        return cells;
    }

    private static List<String> fixedCells(CustomerDirectory.Row row, DateTimeFormatter time) {
        return List.of(
                String.valueOf(row.number()),
                row.name(),
                row.phone() == null ? "" : row.phone(),
                row.source(),
                row.firstAddedAt() == null ? "" : time.format(row.firstAddedAt()),
                String.join(" ", row.staff()),
                row.channel() == null ? "" : row.channel());
    }

    /** RFC 4180 quoting, and a leading apostrophe so a cell is never run as an Excel formula. */
    static String quote(String value) {
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}
