package io.moat.acquisition;

import static io.moat.acquisition.AcquisitionFixtures.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.acquisition.internal.Batches;
import io.moat.acquisition.internal.ChannelStats;
import io.moat.shared.context.CallContext;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The acquisition figures of docs/metrics.md against a fixture computed by hand (November 2026, Asia/Shanghai),
 * channel X (own cost 100.00; a batch Nov 10–11 of 40 parcels, cards 200.00, benefits 100.00; a December batch
 * 500.00), period Nov 10 – Nov 12 (exclusive):
 *
 * <pre>
 * visits   Nov 9 anna ×5 (before)  Nov 10 anna ×3, bo ×1, nobody ×1   Nov 11 anna ×2
 * adds     c1 anna Nov 10 10:00, ended Nov 12 (2 days)   c2 anna Nov 10 11:00, ended Dec 5 (25 days)
 *          c3 bo Nov 10 23:30                              c4 anna Nov 11        c5 anna Nov 9 (before)
 * first    c1 c3 c4 c5 first came through X; c2 first came through Y (Oct 1)
 * orders   c1 50.00 Nov 1 (before its add) and 60.00 Nov 15   c2 999.00 Nov 20
 *          c3 120.00 Nov 11 and 30.00 Nov 12 refunded in full   c5 70.00 Nov 12
 *
 * scans 7, adds 4, join rate 4/7, deletions 2 (within 7 days 1, within 30 days 2), net adds 2;
 * cost 100 + 200 + 100 = 400.00 (December's batch does not overlap), cost per add 100.00;
 * attributed c1 c3 c4 (c2 came first through Y, c5 before the period), orders paid at or after their first touch:
 *   GMV = 60.00 (c1; its Nov 1 order predates the add) + 120.00 (c3; the refunded order does not count) = 180.00,
 *   buyers 2 (c1 c3), ROI 180 / 400 = 0.45.   (Counting every order, as before, would give 50 + 60 + 120 = 230.00.)
 * batch: conversion 4/40 = 10 % "normal"; cost 300.00, per add 75.00; batch customers c1–c4, orders at or after
 *   their add: c1 60.00 + c2 999.00 + c3 120.00 = 1179.00, buyers 3, ROI 1179 / 300 = 3.93.
 * </pre>
 */
@MoatTest
class ChannelStatsTests {

    @LocalServerPort
    int port;

    @Autowired
    ChannelStats stats;

    @Autowired
    Batches batches;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    AcquisitionFixtures fixture;
    long x;
    long batch;
    long c4;

    @BeforeEach
    void fixture() {
        fixture = new AcquisitionFixtures(port, owner);
        x = fixture.channel("X", "other", 10_000);
        long y = fixture.channel("Y", "other", 0);
        batch = fixture.batch(x, 40, 20_000, 10_000, LocalDate.of(2026, 11, 10), LocalDate.of(2026, 11, 11));
        fixture.batch(x, 40, 50_000, 0, LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 31));

        fixture.visits(x, "anna", local(11, 9, 12, 0), 5);
        fixture.visits(x, "anna", local(11, 10, 12, 0), 3);
        fixture.visits(x, "bo", local(11, 10, 12, 0), 1);
        fixture.visits(x, null, local(11, 10, 12, 0), 1);
        fixture.visits(x, "anna", local(11, 11, 9, 0), 2);

        fixture.arrival(x, "anna", "c1", local(11, 10, 10, 0), local(11, 12, 10, 0));
        fixture.arrival(x, "anna", "c2", local(11, 10, 11, 0), local(12, 5, 11, 0));
        fixture.arrival(x, "bo", "c3", local(11, 10, 23, 30), null);
        fixture.arrival(x, "anna", "c4", local(11, 11, 8, 0), null);
        fixture.arrival(x, "anna", "c5", local(11, 9, 8, 0), null);
        fixture.firstTouch("c1", x, local(11, 10, 10, 0), x);
        fixture.firstTouch("c2", y, local(10, 1, 12, 0), x);
        fixture.firstTouch("c3", x, local(11, 10, 23, 30), x);
        fixture.firstTouch("c4", x, local(11, 11, 8, 0), x);
        fixture.firstTouch("c5", x, local(11, 9, 8, 0), x);

        long c1 = fixture.customer("c1");
        fixture.order(c1, 5_000, 0, local(11, 1, 12, 0));
        fixture.order(c1, 6_000, 0, local(11, 15, 12, 0));
        fixture.order(fixture.customer("c2"), 99_900, 0, local(11, 20, 12, 0));
        long c3 = fixture.customer("c3");
        fixture.order(c3, 12_000, 0, local(11, 11, 12, 0));
        fixture.order(c3, 3_000, 3_000, local(11, 12, 12, 0));
        c4 = fixture.customer("c4");
        fixture.order(fixture.customer("c5"), 7_000, 0, local(11, 12, 12, 0));
    }

    @Test
    void theChannelsFiguresMatchTheHandComputedOnes() {
        var period =
                inTenant(() -> stats.of(fixture.tenant, x, LocalDate.of(2026, 11, 10), LocalDate.of(2026, 11, 12)));
        var totals = period.totals();

        assertThat(totals.scans()).isEqualTo(7);
        assertThat(totals.adds()).isEqualTo(4);
        assertThat(totals.joinRate()).isCloseTo(4.0 / 7, within(1e-9));
        assertThat(totals.deletions()).isEqualTo(2);
        assertThat(totals.deletions7()).isEqualTo(1);
        assertThat(totals.deletions30()).isEqualTo(2);
        assertThat(totals.netAdds()).isEqualTo(2);
        assertThat(totals.costFen()).isEqualTo(40_000);
        assertThat(totals.costPerAddFen()).isEqualTo(10_000);
        // 6000 (c1 after its add) + 12000 (c3's counting order)
        assertThat(totals.gmvFen()).isEqualTo(18_000);
        assertThat(totals.buyers()).isEqualTo(2);
        assertThat(totals.roi()).isCloseTo(0.45, within(1e-9));
        assertThat(period.rows())
                .extracting(r -> r.day() + " " + r.staffUserId() + " " + r.scans() + "/" + r.adds() + "/"
                        + r.deletions() + "/" + r.deletions7() + "/" + r.deletions30())
                .containsExactly(
                        "2026-11-10 null 1/0/0/0/0",
                        "2026-11-10 anna 3/2/2/1/2",
                        "2026-11-10 bo 1/1/0/0/0",
                        "2026-11-11 anna 2/1/0/0/0");
    }

    @Test
    void anOrderPaidAtTheMomentOfTheAddIsAttributedOneASecondEarlierIsNot() {
        fixture.order(c4, 1_000, 0, local(11, 11, 8, 0));
        fixture.order(c4, 2_000, 0, local(11, 11, 8, 0).minusSeconds(1));

        var totals = inTenant(() -> stats.of(fixture.tenant, x, LocalDate.of(2026, 11, 10), LocalDate.of(2026, 11, 12)))
                .totals();

        // 18000 as above + c4's 1000 paid exactly at the add; the 2000 a second before stays out
        assertThat(totals.gmvFen()).isEqualTo(19_000);
        assertThat(totals.buyers()).isEqualTo(3);
    }

    @Test
    void aDayWithoutScansHasNoJoinRateAndNoCostPerAdd() {
        var empty = inTenant(() -> stats.of(fixture.tenant, x, LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 21)))
                .totals();
        assertThat(empty.scans()).isZero();
        assertThat(empty.joinRate()).isNull();
        assertThat(empty.costPerAddFen()).isNull();
        assertThat(empty.costFen()).isEqualTo(10_000);
    }

    @Test
    void theBatchFunnelMatchesTheHandComputedOne() {
        var funnel = inTenant(() -> batches.funnel(fixture.tenant, batch));

        assertThat(funnel.scans()).isEqualTo(7);
        assertThat(funnel.adds()).isEqualTo(4);
        assertThat(funnel.conversion()).isCloseTo(0.10, within(1e-9));
        assertThat(funnel.benchmark()).isEqualTo("normal");
        assertThat(funnel.costFen()).isEqualTo(30_000);
        assertThat(funnel.costPerAddFen()).isEqualTo(7_500);
        assertThat(funnel.buyers()).isEqualTo(3);
        // 6000 (c1) + 99900 (c2) + 12000 (c3)
        assertThat(funnel.gmvFen()).isEqualTo(117_900);
        assertThat(funnel.roi()).isCloseTo(117_900.0 / 30_000, within(1e-9));
    }

    @Test
    void theCsvAndTheExcelWorkbookHoldTheSameFiguresAsTheDashboard() throws Exception {
        String csv = new String(download("csv"), StandardCharsets.UTF_8);
        assertThat(csv).startsWith("\uFEFF");
        String[] tables = csv.substring(1).split("\r\n\r\n");
        assertThat(tables).hasSize(2);
        List<List<String>> rows = lines(tables[0]);
        List<List<String>> totals = lines(tables[1]);
        assertThat(rows)
                .extracting(r -> String.join(",", r))
                .containsExactly(
                        "day,staff,scans,adds,deletions,deletions_7d,deletions_30d",
                        "2026-11-10,,1,0,0,0,0",
                        "2026-11-10,anna,3,2,2,1,2",
                        "2026-11-10,bo,1,1,0,0,0",
                        "2026-11-11,anna,2,1,0,0,0",
                        "total,,7,4,2,1,2");
        Map<String, String> figures = new LinkedHashMap<>();
        totals.stream().skip(1).forEach(t -> figures.put(t.get(0), t.size() > 1 ? t.get(1) : ""));
        assertThat(figures)
                .containsEntry("scans", "7")
                .containsEntry("adds", "4")
                .containsEntry("net_adds", "2")
                .containsEntry("cost_fen", "40000")
                .containsEntry("cost_per_add_fen", "10000")
                .containsEntry("gmv_fen", "18000")
                .containsEntry("buyers", "2");
        assertThat(Double.parseDouble(figures.get("roi"))).isCloseTo(0.45, within(1e-9));
        assertThat(Double.parseDouble(figures.get("join_rate"))).isCloseTo(4.0 / 7, within(1e-9));

        try (var workbook = new ReadableWorkbook(new ByteArrayInputStream(download("xlsx")))) {
            var sheets = workbook.getSheets().toList();
            assertThat(sheets).extracting(Sheet::getName).containsExactly("rows", "totals");
            assertSameCells(sheets.get(0).read(), rows);
            assertSameCells(sheets.get(1).read(), totals);
        }
    }

    @Test
    void anExportInAnUnknownFormatIsRefusedNamingTheParameter() {
        var refused = fixture.api.get(
                fixture.path("/channels/" + x + "/stats/export?from=2026-11-10&to=2026-11-12&format=pdf"),
                fixture.admin);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(Api.fields(refused)).containsExactly("format");
    }

    /** Each workbook cell equals the CSV's: numbers as numbers (same value), texts as texts, empty as empty. */
    private static void assertSameCells(List<Row> sheet, List<List<String>> csv) {
        assertThat(sheet).hasSameSizeAs(csv);
        for (int r = 0; r < csv.size(); r++) {
            List<String> expected = csv.get(r);
            Row row = sheet.get(r);
            for (int c = 0; c < expected.size(); c++) {
                String want = expected.get(c);
                Cell cell = row.getOptionalCell(c).orElse(null);
                if (want.matches("-?\\d+(\\.\\d+)?([eE]-?\\d+)?")) {
                    assertThat(cell).as("row %d cell %d", r, c).isNotNull();
                    assertThat(cell.getType()).as("row %d cell %d", r, c).isEqualTo(CellType.NUMBER);
                    assertThat(new BigDecimal(cell.getRawValue()))
                            .as("row %d cell %d", r, c)
                            .isEqualByComparingTo(new BigDecimal(want));
                } else {
                    assertThat(cell == null ? "" : cell.getText())
                            .as("row %d cell %d", r, c)
                            .isEqualTo(want);
                }
            }
        }
    }

    private static List<List<String>> lines(String table) {
        return Arrays.stream(table.split("\r\n"))
                .filter(line -> !line.isEmpty())
                .map(line -> List.of(line.split(",", -1)))
                .toList();
    }

    private byte[] download(String format) throws Exception {
        var answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                        + fixture.path("/channels/" + x
                                                + "/stats/export?from=2026-11-10&to=2026-11-12&format=" + format)))
                                .header("Authorization", "Bearer " + fixture.admin)
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Disposition").orElse(""))
                .contains("." + format);
        return answer.body();
    }

    private <T> T inTenant(Supplier<T> work) {
        return CallContext.forTenant(fixture.tenant, "test").call(work);
    }
}
