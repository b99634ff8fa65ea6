package io.moat.commerce.imports;

import io.moat.commerce.export.Rejection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rejected rows of an import as a CSV file the seller can open in Excel, fix and upload again: UTF-8 with a
 * byte-order mark (without it Excel reads Chinese as GBK and garbles it), the row number and reason first, then
 * the row's cells under the file's own header. A cell that would start a formula is prefixed with an apostrophe
 * so a buyer's message cannot run as one; {@code ="1234"} order numbers stay as they were.
 */
final class RejectedRows {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final Pattern EXCEL_TEXT = Pattern.compile("=\"[0-9A-Za-z_-]*\"");

    private RejectedRows() {}

    static byte[] csv(List<String> header, List<Rejection> rejections) {
        StringBuilder out = new StringBuilder();
        List<String> head = new ArrayList<>(List.of("行号", "原因"));
        head.addAll(header);
        line(out, head);
        for (Rejection rejection : rejections) {
            List<String> cells = new ArrayList<>(List.of(Integer.toString(rejection.row()), rejection.reason()));
            cells.addAll(rejection.cells());
            line(out, cells);
        }
        var bytes = new ByteArrayOutputStream();
        bytes.writeBytes(BOM);
        bytes.writeBytes(out.toString().getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quoted(defused(cells.get(i))));
        }
        out.append("\r\n");
    }

    private static String defused(String cell) {
        boolean formula = !cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0;
        return formula && !EXCEL_TEXT.matcher(cell).matches() && !cell.matches("-?[0-9.]+") ? "'" + cell : cell;
    }

    private static String quoted(String cell) {
        boolean needsQuotes = cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r");
        return needsQuotes ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }
}
