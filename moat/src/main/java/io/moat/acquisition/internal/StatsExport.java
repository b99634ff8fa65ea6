package io.moat.acquisition.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.jspecify.annotations.Nullable;

/**
 * A channel's figures for a period as a file: CSV (UTF-8 with a byte-order mark, so Excel reads the Chinese) or an
 * Excel workbook (.xlsx, written with fastexcel as the customer export is). Both hold the same cells: the rows per
 * day and staff member with a total row, then each total of docs/metrics.md; in the workbook those are two sheets,
 * in the CSV two tables separated by an empty line. Numbers are numbers: counts, money in fen, rates as fractions.
 */
public final class StatsExport {

    public enum Format {
        CSV,
        XLSX;

        public static Format of(String value) {
            return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "csv" -> CSV;
                case "xlsx", "excel" -> XLSX;
                default -> throw new IllegalArgumentException("format must be csv or xlsx");
            };
        }
    }

    static final List<String> ROW_HEADER =
            List.of("day", "staff", "scans", "adds", "deletions", "deletions_7d", "deletions_30d");

    static final List<String> TOTAL_HEADER = List.of("figure", "value");

    private StatsExport() {}

    public static void write(ChannelStats.Stats stats, Format format, OutputStream out) throws IOException {
        List<List<Object>> rows = rows(stats);
        List<List<Object>> totals = totals(stats.totals());
        switch (format) {
            case CSV -> csv(rows, totals, out);
            case XLSX -> xlsx(rows, totals, out);
        }
    }

    static List<List<Object>> rows(ChannelStats.Stats stats) {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.copyOf(ROW_HEADER));
        long[] sum = new long[5];
        for (var row : stats.rows()) {
            long[] cells = {row.scans(), row.adds(), row.deletions(), row.deletions7(), row.deletions30()};
            List<Object> line = new ArrayList<>(List.of(row.day().toString(), orEmpty(row.staffUserId())));
            for (int i = 0; i < cells.length; i++) {
                line.add(cells[i]);
                sum[i] += cells[i];
            }
            rows.add(line);
        }
        List<Object> total = new ArrayList<>(List.of("total", ""));
        for (long s : sum) {
            total.add(s);
        }
        rows.add(total);
        return rows;
    }

    static List<List<Object>> totals(ChannelStats.Totals t) {
        List<List<Object>> totals = new ArrayList<>();
        totals.add(List.copyOf(TOTAL_HEADER));
        totals.add(figure("scans", t.scans()));
        totals.add(figure("adds", t.adds()));
        totals.add(figure("join_rate", t.joinRate()));
        totals.add(figure("deletions", t.deletions()));
        totals.add(figure("deletions_7d", t.deletions7()));
        totals.add(figure("deletions_30d", t.deletions30()));
        totals.add(figure("net_adds", t.netAdds()));
        totals.add(figure("cost_fen", t.costFen()));
        totals.add(figure("cost_per_add_fen", t.costPerAddFen()));
        totals.add(figure("gmv_fen", t.gmvFen()));
        totals.add(figure("buyers", t.buyers()));
        totals.add(figure("roi", t.roi()));
        return totals;
    }

    private static List<Object> figure(String name, @Nullable Object value) {
        return List.of(name, value == null ? "" : value);
    }

    private static void csv(List<List<Object>> rows, List<List<Object>> totals, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write('\uFEFF');
        for (var line : rows) {
            writer.write(csvLine(line));
        }
        writer.write("\r\n");
        for (var line : totals) {
            writer.write(csvLine(line));
        }
        writer.flush();
    }

    private static String csvLine(List<Object> cells) {
        return String.join(",", cells.stream().map(StatsExport::quote).toList()) + "\r\n";
    }

    /** Quotes a cell when it needs it; a text starting like a formula is defused with a leading apostrophe. */
    static String quote(Object cell) {
        String text = String.valueOf(cell);
        if (cell instanceof String && !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    private static void xlsx(List<List<Object>> rows, List<List<Object>> totals, OutputStream out) throws IOException {
        Workbook workbook = new Workbook(out, "Moat", "1.0");
        sheet(workbook.newWorksheet("rows"), rows);
        sheet(workbook.newWorksheet("totals"), totals);
        workbook.finish();
    }

    private static void sheet(Worksheet sheet, List<List<Object>> lines) {
        for (int r = 0; r < lines.size(); r++) {
            List<Object> line = lines.get(r);
            for (int c = 0; c < line.size(); c++) {
                Object cell = line.get(c);
                if (cell instanceof Number number) {
                    sheet.value(r, c, number);
                } else {
                    sheet.value(r, c, String.valueOf(cell));
                }
            }
        }
    }

    private static String orEmpty(@Nullable String text) {
        return text == null ? "" : text;
    }
}
