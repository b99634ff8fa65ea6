package io.moat.commerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.RecordedEvents;
import io.moat.commerce.export.CsvRecords;
import io.moat.commerce.export.SpreadsheetRecord;
import io.moat.workspace.WorkspaceDirectory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Imports of marketplace exports over HTTP: counts, row-numbered errors, re-imports, downloads and progress. */
@MoatTest
class OrderImportApiTests {

    @LocalServerPort
    int port;

    @Autowired
    RecordedEvents events;

    @Autowired
    WorkspaceDirectory directory;

    Api api;
    Uploads uploads;
    String admin;
    String slug;

    @BeforeEach
    void workspace() {
        api = new Api(port);
        uploads = new Uploads(port);
        admin = api.admin();
        slug = api.newWorkspace(admin);
    }

    @Test
    void aTaobaoExportKeepsItsGoodRowsAndNamesTheBadOnesByRowAndColumn() {
        JsonNode report = uploads.importAndWait(admin, slug, "taobao-orders-gbk.csv", "taobao", Map.of());

        assertCounts(report, "completed", 13, 8, 1, 4);
        assertThat(report.path("source").asString()).isEqualTo("taobao");
        assertThat(report.path("fileName").asString()).isEqualTo("taobao-orders-gbk.csv");
        assertThat(report.path("errors")
                        .valueStream()
                        .map(e -> tuple(e.path("row").asInt(), e.path("reason").asString())))
                .containsExactly(
                        tuple(9, "买家实际支付金额: '12,3x.00' is not an amount"),
                        tuple(10, "订单编号: is empty"),
                        tuple(11, "订单创建时间: '2026-13-45 25:00:00' is not a valid date and time"),
                        tuple(14, "订单状态: unknown order status '神秘状态'"));
        assertThat(orders(admin)).hasSize(8);
    }

    @Test
    void importingTheSameFileAgainAddsNothing() {
        uploads.importAndWait(admin, slug, "taobao-orders-gbk.csv", "taobao", Map.of());

        JsonNode again = uploads.importAndWait(admin, slug, "taobao-orders-gbk.csv", "taobao", Map.of());

        assertCounts(again, "completed", 13, 0, 9, 4);
        assertThat(again.path("updated").asLong()).isZero();
        assertThat(orders(admin)).hasSize(8);
        var recent = api.get("/api/v1/workspaces/" + slug + "/imports", admin);
        assertThat(recent.body().path("items").valueStream().map(j -> j.path("imported")
                        .asLong()))
                .containsExactly(0L, 8L);
    }

    @Test
    void everyMarketplaceFormatImports() {
        assertCounts(
                uploads.importAndWait(admin, slug, "tmall-orders-utf8-bom.csv", "tmall", Map.of()),
                "completed",
                4,
                3,
                0,
                1);
        assertCounts(uploads.importAndWait(admin, slug, "jd-orders.csv", "jd", Map.of()), "completed", 8, 4, 1, 2);
        assertCounts(
                uploads.importAndWait(admin, slug, "douyin-orders.csv", "douyin", Map.of()), "completed", 7, 4, 1, 1);
        assertCounts(
                uploads.importAndWait(admin, slug, "youzan-orders.csv", "youzan", Map.of()), "completed", 5, 4, 0, 0);
        assertCounts(
                uploads.importAndWait(admin, slug, "generic-orders.xlsx", "generic", Map.of("sourceName", "erp")),
                "completed",
                4,
                2,
                0,
                1);
        assertThat(orders(admin)).hasSize(17);
    }

    @Test
    void theRejectedRowsDownloadAsACsvForExcel() {
        long id = uploads.importAndWait(admin, slug, "taobao-orders-gbk.csv", "taobao", Map.of())
                .path("id")
                .asLong();

        var csv = uploads.get(admin, "/api/v1/workspaces/" + slug + "/imports/" + id + "/rejected.csv");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).startsWith(0xEF, 0xBB, 0xBF);
        List<SpreadsheetRecord> rows = CsvRecords.parse(csv.text().substring(1));
        assertThat(rows.getFirst().cells()).startsWith("行号", "原因", "订单编号", "买家会员名");
        assertThat(rows.subList(1, rows.size()))
                .extracting(r -> r.cell(0), r -> r.cell(1), r -> r.cell(2))
                .containsExactly(
                        tuple("9", "买家实际支付金额: '12,3x.00' is not an amount", "=\"3012345678901234507\""),
                        tuple("10", "订单编号: is empty", ""),
                        tuple(
                                "11",
                                "订单创建时间: '2026-13-45 25:00:00' is not a valid date and time",
                                "=\"3012345678901234509\""),
                        tuple("14", "订单状态: unknown order status '神秘状态'", "=\"3012345678901234512\""));
    }

    @Test
    void aGenericExportNeedsAMappingOnceAndThenReusesIt() {
        var refused = uploads.upload(admin, slug, "generic-orders.csv", "generic", Map.of("sourceName", "weidian"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("type").asString()).isEqualTo("urn:moat:problem:mapping-required");
        assertThat(refused.json().path("errors").get(0).path("field").asString())
                .isEqualTo("mapping");

        var badMapping = uploads.upload(
                admin,
                slug,
                "generic-orders.csv",
                "generic",
                Map.of(
                        "sourceName",
                        "weidian",
                        "mapping",
                        "{\"orderNo\":\"订单号\",\"createdAt\":\"下单时间\",\"paid\":\"实收\"}"));
        assertThat(badMapping.status()).isEqualTo(400);
        assertThat(badMapping.json().path("errors").get(0).path("field").asString())
                .isEqualTo("mapping.orderNo");

        String mapping = """
                {"orderNo":"单号","createdAt":"下单时间","paidAt":"付款时间","paid":"实收","phone":"手机",
                 "title":"商品","quantity":"数量","province":"省份"}""";
        assertCounts(
                uploads.importAndWait(
                        admin,
                        slug,
                        "generic-orders.csv",
                        "generic",
                        Map.of("sourceName", "weidian", "mapping", mapping, "platform", "other")),
                "completed",
                4,
                3,
                0,
                1);

        assertCounts(
                uploads.importAndWait(admin, slug, "generic-orders.csv", "generic", Map.of("sourceName", "weidian")),
                "completed",
                4,
                0,
                3,
                1);
    }

    @Test
    void aFileThatIsNotTheNamedSourceIsRefusedAtOnce() {
        var wrong = uploads.upload(admin, slug, "jd-orders.csv", "taobao", Map.of());
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().path("type").asString()).isEqualTo("urn:moat:problem:missing-columns");
        assertThat(wrong.json().path("detail").asString()).contains("订单编号");

        var unknown = uploads.upload(admin, slug, "jd-orders.csv", "amazon", Map.of());
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("errors").get(0).path("field").asString())
                .isEqualTo("source");
    }

    @Test
    void progressStreamsAsServerSentEventsUntilTheImportEnds() {
        long id = uploads.upload(admin, slug, "douyin-orders.csv", "douyin", Map.of())
                .json()
                .path("id")
                .asLong();

        var stream = uploads.get(admin, "/api/v1/workspaces/" + slug + "/imports/" + id + "/events");

        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.contentType()).startsWith("text/event-stream");
        assertThat(stream.text()).contains("event:progress");
        String last = stream.text()
                .lines()
                .filter(l -> l.startsWith("data:"))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(last).contains("\"status\":\"completed\"", "\"rowsRead\":7", "\"imported\":4");
    }

    @Test
    void analystsReadImportsButCannotStartThem() {
        String analyst = api.memberWithRole(admin, slug, "analyst");
        long id = uploads.importAndWait(admin, slug, "youzan-orders.csv", "youzan", Map.of())
                .path("id")
                .asLong();

        var refused = uploads.upload(analyst, slug, "youzan-orders.csv", "youzan", Map.of());

        assertThat(refused.status()).isEqualTo(403);
        assertThat(api.get("/api/v1/workspaces/" + slug + "/imports/" + id, analyst)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void anotherWorkspaceSeesNeitherTheOrdersNorTheImport() {
        long id = uploads.importAndWait(admin, slug, "youzan-orders.csv", "youzan", Map.of())
                .path("id")
                .asLong();
        String other = api.newWorkspace(admin);

        assertThat(api.get("/api/v1/workspaces/" + other + "/orders", admin)
                        .body()
                        .path("items")
                        .isEmpty())
                .isTrue();
        assertThat(api.get("/api/v1/workspaces/" + other + "/imports/" + id, admin)
                        .status())
                .isEqualTo(404);
        assertThat(uploads.get(admin, "/api/v1/workspaces/" + other + "/imports/" + id + "/rejected.csv")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void phonesAreMaskedForRolesWithoutPersonalDataAccessAndOrdersArePublished() {
        uploads.importAndWait(admin, slug, "taobao-orders-gbk.csv", "taobao", Map.of());
        String staff = api.memberWithRole(admin, slug, "staff");

        assertThat(phoneOf(admin, "3012345678901234501")).isEqualTo("13812345678");
        assertThat(phoneOf(staff, "3012345678901234501")).isEqualTo("138****5678");
        assertThat(phoneOf(admin, "3012345678901234502")).isEqualTo("138****1234");
        assertThat(phoneOf(staff, "3012345678901234503")).isNull();

        var tenant = directory.bySlug(slug).orElseThrow().tenant();
        List<RecordedOrder> published = events.of(OrdersRecorded.class).stream()
                .filter(e -> e.tenant().equals(tenant))
                .flatMap(e -> e.orders().stream())
                .toList();
        assertThat(published).hasSize(8);
        var first = published.stream()
                .filter(o -> o.orderNo().equals("3012345678901234501"))
                .findFirst()
                .orElseThrow();
        assertThat(first.buyer().phoneHash()).hasSize(64);
        assertThat(first.buyer().nick()).isEqualTo("tb_buyer01");
        assertThat(first.paidFen()).isEqualTo(129900);
        var masked = published.stream()
                .filter(o -> o.orderNo().equals("3012345678901234502"))
                .findFirst()
                .orElseThrow();
        assertThat(masked.buyer().phoneHash()).isNull();
    }

    private List<JsonNode> orders(String token) {
        return api.get("/api/v1/workspaces/" + slug + "/orders?limit=500", token)
                .body()
                .path("items")
                .valueStream()
                .toList();
    }

    private String phoneOf(String token, String orderNo) {
        JsonNode order = orders(token).stream()
                .filter(o -> o.path("orderNo").asString().equals(orderNo))
                .findFirst()
                .orElseThrow();
        JsonNode phone = order.path("buyer").path("phone");
        return phone.isMissingNode() || phone.isNull() ? null : phone.asString();
    }

    private static void assertCounts(
            JsonNode report, String status, long rowsRead, long imported, long duplicates, long rejected) {
        assertThat(report.path("status").asString()).as(report.toString()).isEqualTo(status);
        assertThat(report.path("rowsRead").asLong()).as("rowsRead").isEqualTo(rowsRead);
        assertThat(report.path("imported").asLong()).as("imported").isEqualTo(imported);
        assertThat(report.path("duplicates").asLong()).as("duplicates").isEqualTo(duplicates);
        assertThat(report.path("rejected").asLong()).as("rejected").isEqualTo(rejected);
    }
}
