package io.moat.commerce.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CellTextTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void cellsLoseSpacesOfEveryKindAndExcelArmour() {
        assertThat(Cells.clean("\u3000 ABC\t ")).isEqualTo("ABC");
        assertThat(Cells.clean("\u00A0x\u00A0")).isEqualTo("x");
        assertThat(Cells.clean("=\"3012345678901234501\"")).isEqualTo("3012345678901234501");
        assertThat(Cells.clean(" =\" 42 \" ")).isEqualTo("42");
        assertThat(Cells.clean("'13812345678")).isEqualTo("13812345678");
        assertThat(Cells.clean("'quoted'")).isEqualTo("'quoted'");
    }

    @Test
    void amountsReadAsWholeFen() {
        assertThat(MoneyText.fen("¥1,299.00")).contains(129900L);
        assertThat(MoneyText.fen("￥ 59.9")).contains(5990L);
        assertThat(MoneyText.fen("１２.５元")).contains(1250L);
        assertThat(MoneyText.fen("0")).contains(0L);
        assertThat(MoneyText.fen("  ")).isEmpty();
        assertThat(MoneyText.fen("--")).isEmpty();
    }

    @Test
    void badAmountsAreRefusedNotGuessed() {
        assertThatThrownBy(() -> MoneyText.fen("12,3x.00")).hasMessage("'12,3x.00' is not an amount");
        assertThatThrownBy(() -> MoneyText.fen("-5.00")).hasMessage("'-5.00' is negative");
        assertThatThrownBy(() -> MoneyText.fen("1.005")).hasMessage("'1.005' has more than two decimals");
    }

    @Test
    void timesReadInTheWorkspaceZoneUnlessTheyCarryAnOffset() {
        Instant noonShanghai = Instant.parse("2026-11-01T04:00:00Z");
        assertThat(TimeText.parse("2026-11-01 12:00:00", SHANGHAI)).contains(noonShanghai);
        assertThat(TimeText.parse("2026/11/1 12:00", SHANGHAI)).contains(noonShanghai);
        assertThat(TimeText.parse("2026年11月1日 12:00", SHANGHAI)).contains(noonShanghai);
        assertThat(TimeText.parse("2026-11-01T12:00:00+08:00", SHANGHAI)).contains(noonShanghai);
        assertThat(TimeText.parse("2026-11-01T04:00:00Z", ZoneId.of("UTC"))).contains(noonShanghai);
        assertThat(TimeText.parse("2026-11-01", SHANGHAI)).contains(Instant.parse("2026-10-31T16:00:00Z"));
        assertThat(TimeText.parse("", SHANGHAI)).isEmpty();
        assertThat(TimeText.parse("0000-00-00 00:00:00", SHANGHAI)).isEqualTo(Optional.empty());
    }

    @Test
    void impossibleTimesAreRefused() {
        assertThatThrownBy(() -> TimeText.parse("2026-13-45 25:00:00", SHANGHAI))
                .hasMessage("'2026-13-45 25:00:00' is not a valid date and time");
        assertThatThrownBy(() -> TimeText.parse("昨天下午", SHANGHAI)).hasMessage("'昨天下午' is not a date and time");
    }

    @Test
    void utf8WithOrWithoutBomAndGbkAllDecode() {
        String text = "订单编号,买家留言\n1,请尽快发货";
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[bom.length + utf8.length];
        System.arraycopy(bom, 0, withBom, 0, bom.length);
        System.arraycopy(utf8, 0, withBom, bom.length, utf8.length);

        assertThat(ExportEncoding.decode(utf8)).isEqualTo(text);
        assertThat(ExportEncoding.decode(withBom)).isEqualTo(text);
        assertThat(ExportEncoding.decode(text.getBytes(java.nio.charset.Charset.forName("GBK"))))
                .isEqualTo(text);
        assertThat(ExportEncoding.decode("㐀 GB18030 only".getBytes(ExportEncoding.GB18030)))
                .isEqualTo("㐀 GB18030 only");
    }

    @Test
    void addressesGiveProvinceAndCity() {
        assertThat(ReceiverAddress.of("浙江省 杭州市 西湖区 文三路 100号")).isEqualTo(new ReceiverAddress("浙江省", "杭州市"));
        assertThat(ReceiverAddress.of("广东 广州市 天河区")).isEqualTo(new ReceiverAddress("广东", "广州市"));
        assertThat(ReceiverAddress.of("北京 朝阳区 三环以内")).isEqualTo(new ReceiverAddress("北京", "北京市"));
        assertThat(ReceiverAddress.of("上海 上海市 浦东新区")).isEqualTo(new ReceiverAddress("上海", "上海市"));
        assertThat(ReceiverAddress.of("某某路 1 号")).isEqualTo(new ReceiverAddress(null, null));
    }
}
