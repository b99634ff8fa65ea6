package io.moat.commerce.export;

import io.moat.commerce.Fixtures;
import io.moat.commerce.Platform;
import io.moat.commerce.order.OrderRecord;
import java.time.ZoneId;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads a fixture the way an import does. */
final class Exports {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private Exports() {}

    static ParsedExport parse(String fixture, ExportSource source) {
        return parse(fixture, source, null);
    }

    static ParsedExport parse(String fixture, ExportSource source, @Nullable Map<String, String> mapping) {
        ExportTable table = ExportTable.read(Fixtures.bytes(fixture));
        HeaderMapping headerMapping =
                mapping == null ? HeaderMapping.guess(table.header()) : new HeaderMapping(mapping);
        OrderExport format = source.format(headerMapping, Platform.OTHER);
        return OrderAssembly.assemble(table, format, SHANGHAI);
    }

    static OrderRecord order(ParsedExport parsed, String orderNo) {
        return parsed.orders().stream()
                .filter(order -> order.orderNo().equals(orderNo))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no order " + orderNo));
    }
}
