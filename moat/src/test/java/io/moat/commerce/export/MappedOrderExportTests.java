package io.moat.commerce.export;

import static io.moat.commerce.export.Exports.order;
import static io.moat.commerce.export.Exports.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.moat.commerce.Fixtures;
import io.moat.commerce.OrderStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A shop's own CSV (GBK) or Excel workbook, read through a header mapping. */
class MappedOrderExportTests {

    static final Map<String, String> WEIDIAN = Map.of(
            "orderNo", "单号",
            "createdAt", "下单时间",
            "paidAt", "付款时间",
            "paid", "实收",
            "phone", "手机",
            "title", "商品",
            "quantity", "数量",
            "province", "省份");

    @Test
    void aCsvReadsThroughItsMapping() {
        var parsed = parse("generic-orders.csv", ExportSource.GENERIC, WEIDIAN);

        assertThat(parsed.rowsRead()).isEqualTo(4);
        assertThat(parsed.orders())
                .extracting(o -> o.orderNo(), o -> o.status(), o -> o.paidFen())
                .containsExactly(
                        tuple("WD-1001", OrderStatus.PAID, 8800L),
                        tuple("WD-1002", OrderStatus.UNPAID, 0L),
                        tuple("WD-1004", OrderStatus.PAID, 108800L));
        assertThat(parsed.rejections())
                .extracting(Rejection::row, Rejection::reason)
                .containsExactly(tuple(4, "实收: '-5.00' is negative"));
        assertThat(order(parsed, "WD-1001").province()).isEqualTo("浙江省");
    }

    @Test
    void aMappingNamesWhatIsMissingOrWrong() {
        var header = ExportTable.read(Fixtures.bytes("generic-orders.csv")).header();

        assertThat(HeaderMapping.guess(header).problems(header)).containsOnlyKeys("mapping.paid");
        assertThat(new HeaderMapping(Map.of("orderNo", "订单号", "createdAt", "下单时间", "paid", "实收", "colour", "x"))
                        .problems(header))
                .containsEntry("mapping.orderNo", "column '订单号' is not in the file")
                .containsEntry("mapping.colour", "is not an order field");
        assertThat(new HeaderMapping(WEIDIAN).problems(header)).isEmpty();
    }

    @Test
    void aWorkbookReadsLikeACsvWithDatesAndNumbersAsText() {
        var parsed = parse("generic-orders.xlsx", ExportSource.GENERIC);

        assertThat(parsed.rowsRead()).isEqualTo(4);
        assertThat(parsed.orders()).extracting(o -> o.orderNo()).containsExactly("XL-2001", "XL-2002");
        var first = order(parsed, "XL-2001");
        assertThat(first.createdAt()).isEqualTo(Instant.parse("2026-11-01T04:00:00Z"));
        assertThat(first.paidFen()).isEqualTo(5990);
        assertThat(first.lines().getFirst().quantity()).isEqualTo(2);
        assertThat(order(parsed, "XL-2002").lines()).hasSize(2);
        assertThat(order(parsed, "XL-2002").paidFen()).isEqualTo(12000);
        assertThat(parsed.rejections())
                .extracting(Rejection::row, Rejection::reason)
                .containsExactly(tuple(5, "下单时间: 'not a date' is not a date and time"));
    }
}
