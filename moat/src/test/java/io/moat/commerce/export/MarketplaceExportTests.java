package io.moat.commerce.export;

import static io.moat.commerce.export.Exports.order;
import static io.moat.commerce.export.Exports.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.moat.commerce.OrderStatus;
import io.moat.commerce.Platform;
import io.moat.commerce.order.OrderLine;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * JD, Douyin and Youzan exports, whose header names are documented by their fixtures: one row per item or
 * sub-order, grouped into whole orders.
 */
class MarketplaceExportTests {

    @Test
    void jdRowsPerItemMakeOneOrderAndABadRowTakesItsWholeOrderOut() {
        var jd = parse("jd-orders.csv", ExportSource.JD);

        assertThat(jd.rowsRead()).isEqualTo(8);
        assertThat(jd.orders())
                .extracting(o -> o.orderNo(), o -> o.status())
                .containsExactly(
                        tuple("290012345601", OrderStatus.FINISHED),
                        tuple("290012345602", OrderStatus.PAID),
                        tuple("290012345603", OrderStatus.UNPAID),
                        tuple("290012345605", OrderStatus.CLOSED));
        assertThat(jd.repeatedRows()).isEqualTo(1);
        assertThat(jd.rejections())
                .extracting(Rejection::row, Rejection::reason)
                .containsExactly(
                        tuple(
                                6,
                                "order 290012345604 is left out whole because its row 7 was rejected (下单时间: '昨天下午'"
                                        + " is not a date and time)"),
                        tuple(7, "下单时间: '昨天下午' is not a date and time"));

        var two = order(jd, "290012345601");
        assertThat(two.platform()).isEqualTo(Platform.JD);
        assertThat(two.totalFen()).isEqualTo(21700);
        assertThat(two.paidFen()).isEqualTo(21700);
        assertThat(two.lines())
                .containsExactly(
                        new OrderLine("100012345678", "保湿面霜 50g", 1, 15900L, 15900),
                        new OrderLine("100012345679", "洁面泡沫 150ml", 2, 2900L, 5800));
        assertThat(two.buyer().openId()).isEqualTo("jd_pin_a");
        assertThat(two.buyer().phone()).isEqualTo("138****5678");
        assertThat(two.province()).isEqualTo("北京");
        assertThat(two.city()).isEqualTo("北京市");
        assertThat(two.finishedAt()).isEqualTo(Instant.parse("2026-11-05T10:00:00Z"));
        assertThat(order(jd, "290012345603").paidFen()).isZero();
        assertThat(order(jd, "290012345605").paidFen()).isZero();
    }

    @Test
    void douyinSubOrdersAddUpAndARefundedSubOrderPartlyRefundsTheOrder() {
        var douyin = parse("douyin-orders.csv", ExportSource.DOUYIN);

        assertThat(douyin.rowsRead()).isEqualTo(7);
        assertThat(douyin.orders())
                .extracting(o -> o.orderNo(), o -> o.status())
                .containsExactly(
                        tuple("6920000000000000001", OrderStatus.PARTIALLY_REFUNDED),
                        tuple("6920000000000000002", OrderStatus.PAID),
                        tuple("6920000000000000003", OrderStatus.UNPAID),
                        tuple("6920000000000000005", OrderStatus.SHIPPED));
        assertThat(douyin.repeatedRows()).isEqualTo(1);
        assertThat(douyin.rejections())
                .extracting(Rejection::row, Rejection::reason)
                .containsExactly(tuple(7, "商品数量: '两瓶' is not a whole quantity"));

        var mixed = order(douyin, "6920000000000000001");
        assertThat(mixed.totalFen()).isEqualTo(24900);
        assertThat(mixed.paidFen()).isEqualTo(24900);
        assertThat(mixed.refundedFen()).isEqualTo(5000);
        assertThat(mixed.lines()).extracting(OrderLine::sku).containsExactly("SKU-WR", "SKU-MM");
        assertThat(mixed.buyer().phone()).isEqualTo("155****6666");
        assertThat(mixed.province()).isEqualTo("浙江省");
        assertThat(mixed.city()).isEqualTo("杭州市");
        assertThat(order(douyin, "6920000000000000003").paidAt()).isNull();
    }

    @Test
    void youzanKeepsEncryptedPhonesAsTextAndWeChatIds() {
        var youzan = parse("youzan-orders.csv", ExportSource.YOUZAN);

        assertThat(youzan.rowsRead()).isEqualTo(5);
        assertThat(youzan.rejections()).isEmpty();
        assertThat(youzan.orders())
                .extracting(o -> o.orderNo(), o -> o.status())
                .containsExactly(
                        tuple("E20261101120000012345678", OrderStatus.FINISHED),
                        tuple("E20261102120000012345679", OrderStatus.SHIPPED),
                        tuple("E20261103120000012345680", OrderStatus.UNPAID),
                        tuple("E20261104120000012345681", OrderStatus.PARTIALLY_REFUNDED));

        var first = order(youzan, "E20261101120000012345678");
        assertThat(first.buyer().phone()).isEqualTo("$MTM4MDAwMDAwMDA$1$");
        assertThat(first.buyer().openId()).isEqualTo("yzopen_aaa");
        assertThat(first.buyer().openid()).isEqualTo("oWx_openid_aaa");
        assertThat(first.buyer().nick()).isEqualTo("小红");
        assertThat(first.totalFen()).isEqualTo(28000);
        assertThat(first.postFeeFen()).isEqualTo(1200);
        assertThat(order(youzan, "E20261102120000012345679").lines()).hasSize(2);
        assertThat(order(youzan, "E20261104120000012345681").refundedFen()).isEqualTo(5000);
    }
}
