package io.moat.commerce.imports;

import io.moat.commerce.export.ExportTable;
import io.moat.commerce.export.HeaderMapping;
import io.moat.commerce.export.OrderExport;
import io.moat.shared.Problem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;

/**
 * Checks an upload before a job is created, so a wrong file or mapping is refused at once with the field at
 * fault instead of failing later in the background: the file must read as a table, a generic source needs a usable
 * mapping (given, saved, or guessed from the header), and the format's columns must all be there.
 */
final class ImportFile {

    private ImportFile() {}

    record Checked(ExportTable table, OrderExport format, HeaderMapping mapping) {}

    static Checked check(OrderUpload upload, Supplier<Optional<HeaderMapping>> saved) {
        if (upload.bytes().length == 0) {
            throw new Problem(HttpStatus.BAD_REQUEST, "empty-file", "The file is empty.", "file");
        }
        ExportTable table;
        try {
            table = ExportTable.read(upload.bytes());
        } catch (RuntimeException e) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST, "unreadable-file", "The file is not a CSV or Excel export.", "file");
        }
        if (table.header().isEmpty()) {
            throw new Problem(HttpStatus.BAD_REQUEST, "no-header", "The file has no header row.", "file");
        }
        HeaderMapping mapping =
                upload.source().needsMapping() ? mapping(upload, table, saved) : new HeaderMapping(Map.of());
        OrderExport format = upload.source().format(mapping, upload.platform());
        List<String> missing = table.missing(format.requiredColumns());
        if (!missing.isEmpty()) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "missing-columns",
                    "This is not a " + upload.source().code() + " export: the header lacks "
                            + String.join(", ", missing) + ".",
                    "file");
        }
        return new Checked(table, format, mapping);
    }

    private static HeaderMapping mapping(
            OrderUpload upload, ExportTable table, Supplier<Optional<HeaderMapping>> saved) {
        if (upload.mapping() != null) {
            var problems = upload.mapping().problems(table.header());
            if (!problems.isEmpty()) {
                var first = problems.entrySet().iterator().next();
                throw new Problem(
                        HttpStatus.BAD_REQUEST,
                        "invalid-mapping",
                        first.getKey() + " " + first.getValue() + ". The file's columns: " + columns(table) + ".",
                        first.getKey());
            }
            return upload.mapping();
        }
        return saved.get()
                .filter(mapping -> mapping.problems(table.header()).isEmpty())
                .or(() -> Optional.of(HeaderMapping.guess(table.header()))
                        .filter(mapping -> mapping.problems(table.header()).isEmpty()))
                .orElseThrow(() -> new Problem(
                        HttpStatus.BAD_REQUEST,
                        "mapping-required",
                        "Map the file's columns to order fields (orderNo, createdAt, paid, …). The file's columns: "
                                + columns(table) + ".",
                        "mapping"));
    }

    private static String columns(ExportTable table) {
        return String.join(", ", table.header());
    }
}
