package io.moat.commerce.export;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;

/**
 * Reads the first sheet of an Excel workbook (.xlsx) as text records with the sheet's own row numbers. Numbers come
 * out in plain notation (an order number stored as a number must not become 1.23E+17) and date-formatted numbers
 * as {@code yyyy-MM-dd HH:mm:ss}, so the rest of the import treats a workbook exactly like a CSV file.
 */
public final class XlsxRecords {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private XlsxRecords() {}

    public static boolean isWorkbook(byte[] bytes) {
        return ReadableWorkbook.isOOXMLZipHeader(bytes);
    }

    public static List<SpreadsheetRecord> parse(byte[] bytes) {
        try (var workbook = new ReadableWorkbook(new ByteArrayInputStream(bytes), new ReadingOptions(true, false));
                Stream<Row> rows = workbook.getFirstSheet().openStream()) {
            List<SpreadsheetRecord> records = new ArrayList<>();
            rows.forEach(row -> {
                var record = new SpreadsheetRecord(row.getRowNum(), cells(row));
                if (!record.isBlank()) {
                    records.add(record);
                }
            });
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException("not a readable Excel workbook", e);
        }
    }

    private static List<String> cells(Row row) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < row.getCellCount(); i++) {
            cells.add(row.getOptionalCell(i).map(XlsxRecords::text).orElse(""));
        }
        return cells;
    }

    private static String text(Cell cell) {
        if (cell.getType() == CellType.NUMBER) {
            return isDate(cell) ? cell.asDate().format(DATE_TIME) : new BigDecimal(cell.getRawValue()).toPlainString();
        }
        if (cell.getType() == CellType.EMPTY || cell.getType() == CellType.ERROR) {
            return "";
        }
        String text = cell.getText();
        return text == null ? "" : text;
    }

    private static boolean isDate(Cell cell) {
        Integer id = cell.getDataFormatId();
        if (id != null && ((id >= 14 && id <= 22) || (id >= 45 && id <= 47))) {
            return true;
        }
        String format = cell.getDataFormatString();
        if (format == null) {
            return false;
        }
        String bare =
                format.replaceAll("\\[[^]]*]", "").replaceAll("\"[^\"]*\"", "").toLowerCase();
        return bare.contains("y") || bare.contains("d") || bare.contains("h");
    }
}
