package io.moat.commerce.export;

import static io.moat.commerce.export.Exports.order;
import static io.moat.commerce.export.Exports.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.moat.commerce.OrderStatus;
import io.moat.commerce.Platform;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The Taobao 订单报表 fixture: GBK without BOM, CRLF, ="…" order numbers, multi-line 买家留言, bad rows. */
class TaobaoOrderReportTests {

    final ParsedExport parsed = parse("taobao-orders-gbk.csv", ExportSource.TAOBAO);

    @Test
    void readsEveryRowAndKeepsTheGoodOnes() {
        assertThat(parsed.rowsRead()).isEqualTo(13);
        assertThat(parsed.orders())
                .extracting(o -> o.orderNo(), o -> o.status())
                .containsExactly(
                        tuple("3012345678901234501", OrderStatus.FINISHED),
                        tuple("3012345678901234502", OrderStatus.PAID),
                        tuple("3012345678901234503", OrderStatus.SHIPPED),
                        tuple("3012345678901234504", OrderStatus.UNPAID),
                        tuple("3012345678901234505", OrderStatus.REFUNDED),
                        tuple("3012345678901234506", OrderStatus.CLOSED),
                        tuple("3012345678901234510", OrderStatus.FINISHED),
                        tuple("3012345678901234511", OrderStatus.FINISHED));
        assertThat(parsed.repeatedRows()).isEqualTo(1);
    }

    @Test
    void badRowsAreReportedWithTheirSpreadsheetRowAndColumn() {
        assertThat(parsed.rejections())
                .extracting(Rejection::row, Rejection::reason)
                .containsExactly(
                        tuple(9, "买家实际支付金额: '12,3x.00' is not an amount"),
                        tuple(10, "订单编号: is empty"),
                        tuple(11, "订单创建时间: '2026-13-45 25:00:00' is not a valid date and time"),
                        tuple(14, "订单状态: unknown order status '神秘状态'"));
        assertThat(parsed.rejections().getFirst().cells()).hasSize(37).first().isEqualTo("=\"3012345678901234507\"");
    }

    @Test
    void aFinishedOrderReadsInFull() {
        var order = order(parsed, "3012345678901234501");

        assertThat(order.platform()).isEqualTo(Platform.TAOBAO);
        assertThat(order.totalFen()).isEqualTo(129900);
        assertThat(order.paidFen()).isEqualTo(129900);
        assertThat(order.createdAt()).isEqualTo(Instant.parse("2026-11-01T04:00:00Z"));
        assertThat(order.paidAt()).isEqualTo(Instant.parse("2026-11-01T04:01:30Z"));
        assertThat(order.buyer().nick()).isEqualTo("tb_buyer01");
        assertThat(order.buyer().phone()).isEqualTo("13812345678");
        assertThat(order.province()).isEqualTo("浙江省");
        assertThat(order.city()).isEqualTo("杭州市");
        assertThat(order.lines()).singleElement().satisfies(line -> {
            assertThat(line.title()).isEqualTo("玻尿酸补水面膜 10片装");
            assertThat(line.quantity()).isEqualTo(1);
            assertThat(line.amountFen()).isEqualTo(129900);
        });
    }

    @Test
    void quirksOfRealExports() {
        var paid = order(parsed, "3012345678901234502");
        assertThat(paid.buyer().phone()).isEqualTo("138****1234");
        assertThat(paid.postFeeFen()).isEqualTo(1000);
        assertThat(paid.lines().getFirst().amountFen()).isEqualTo(5990);
        assertThat(order(parsed, "3012345678901234503").createdAt()).isEqualTo(Instant.parse("2026-11-03T00:05:00Z"));
        var unpaid = order(parsed, "3012345678901234504");
        assertThat(unpaid.paidAt()).isNull();
        assertThat(unpaid.paidFen()).isZero();
        var spaced = order(parsed, "3012345678901234510");
        assertThat(spaced.buyer().nick()).isEqualTo("tb_buyer10");
        assertThat(spaced.totalFen()).isEqualTo(25800);
        assertThat(spaced.buyer().phone()).isEqualTo("15012345678");
        assertThat(order(parsed, "3012345678901234511").lines().getFirst().quantity())
                .isEqualTo(3);
    }

    @Test
    void aPaidOrderThatWasClosedWasRefundedInFull() {
        var refunded = order(parsed, "3012345678901234505");
        assertThat(refunded.refundedFen()).isEqualTo(9900);
        var closed = order(parsed, "3012345678901234506");
        assertThat(closed.refundedFen()).isZero();
        assertThat(closed.paidFen()).isZero();
    }

    @Test
    void aUtf8ExportWithBomAndABlankLineReadsTheSame() {
        var tmall = parse("tmall-orders-utf8-bom.csv", ExportSource.TMALL);

        assertThat(tmall.rowsRead()).isEqualTo(4);
        assertThat(tmall.orders())
                .extracting(o -> o.orderNo())
                .containsExactly("4012345678901234501", "4012345678901234502", "4012345678901234503");
        assertThat(tmall.orders()).allSatisfy(o -> assertThat(o.platform()).isEqualTo(Platform.TMALL));
        assertThat(order(tmall, "4012345678901234501").paidFen()).isEqualTo(39900);
        assertThat(order(tmall, "4012345678901234502").province()).isEqualTo("广西壮族自治区");
        assertThat(tmall.rejections())
                .extracting(Rejection::row, Rejection::reason)
                .containsExactly(tuple(6, "买家实际支付金额: 'abc' is not an amount"));
    }
}
