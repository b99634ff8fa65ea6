package io.moat.commerce.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the cells hold, the n-th record is spreadsheet row n + 1 and reads back as it was written. */
class CsvRowNumberProperties {

    @Property(tries = 300)
    void recordsAreNumberedAsASpreadsheetShowsThem(@ForAll("tables") List<List<String>> records, @ForAll boolean crlf) {
        String newline = crlf ? "\r\n" : "\n";
        StringBuilder csv = new StringBuilder("订单编号,买家留言,金额").append(newline);
        for (List<String> record : records) {
            csv.append(String.join(
                            ",",
                            record.stream().map(CsvRowNumberProperties::quoted).toList()))
                    .append(newline);
        }

        var parsed = CsvRecords.parse(csv.toString());

        assertThat(parsed).hasSize(records.size() + 1);
        for (int i = 0; i < records.size(); i++) {
            assertThat(parsed.get(i + 1).row()).isEqualTo(i + 2);
            assertThat(parsed.get(i + 1).cells()).isEqualTo(records.get(i));
        }
    }

    @Provide
    Arbitrary<List<List<String>>> tables() {
        Arbitrary<String> orderNo =
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(19);
        Arbitrary<String> message =
                Arbitraries.strings().withChars("好的，谢谢\"\r\n, ab").ofMaxLength(40);
        Arbitrary<String> amount =
                Arbitraries.strings().withChars("0123456789.,¥").ofMaxLength(10);
        return Combinators.combine(orderNo, message, amount)
                .as((no, text, money) -> List.of(no, text, money))
                .list()
                .ofMaxSize(30);
    }

    private static String quoted(String cell) {
        return "\"" + cell.replace("\"", "\"\"") + "\"";
    }
}
