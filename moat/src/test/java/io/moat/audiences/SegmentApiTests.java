package io.moat.audiences;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.RecordedEvents;
import io.moat.tags.TagFixtures;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Saved segments over HTTP: a segment keeps its members, a tag change moves customers in and out with one
 * SegmentEntered / SegmentExited each, and preview, explain, members, export and overlap answer from the same index.
 * Fixture: 王 (pkgcard, tag A), 赵 (live, tags A and B), 钱 (live, no tags).
 */
@MoatTest
class SegmentApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    RecordedEvents recorded;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    TagFixtures shop;
    Api api;
    long wang;
    long zhao;
    long qian;
    long a;
    long b;

    @BeforeEach
    void fixture() {
        shop = new TagFixtures(port, owner, events, transactions);
        api = shop.api;
        wang = shop.added("wm-wang", "zhangsan", "pkgcard");
        zhao = shop.added("wm-zhao", "lisi", "live");
        qian = shop.added("wm-qian", "lisi", "live");
        var group = shop.group("兴趣", "manual", List.of("A", "B"));
        a = TagFixtures.tagId(group, "A");
        b = TagFixtures.tagId(group, "B");
        tag(wang, List.of(a), List.of());
        tag(zhao, List.of(a, b), List.of());
    }

    @Test
    void previewCountsSamplesAndExplains() {
        var preview = api.post(shop.path("/audiences/preview"), shop.admin, Map.of("condition", tagAny(a)));
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.body().path("count").asLong()).isEqualTo(2);
        assertThat(preview.body().path("sample").valueStream().map(m -> m.path("id")
                        .asLong()))
                .containsExactlyInAnyOrder(wang, zhao);
        assertThat(preview.body().has("tookMs")).isTrue();

        var explain = api.post(
                shop.path("/audiences/explain"), shop.admin, Map.of("condition", tagAny(a), "customerId", qian));
        assertThat(explain.body().path("member").asBoolean()).isFalse();
        assertThat(explain.body().path("reasons").get(0).path("detail").asString())
                .isEqualTo("carries none of tags " + a);

        var bad = api.post(
                shop.path("/audiences/preview"),
                shop.admin,
                Map.of("condition", Map.of("v", 1, "all", List.of(Map.of("lastOrder", Map.of("withinDays", "x"))))));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(Api.fields(bad).toString() + bad.body()).contains("condition.all[0].lastOrder.withinDays");
    }

    @Test
    void aSegmentKeepsItsMembersAndReportsWhoEntersAndLeaves() {
        var created = api.post(shop.path("/segments"), shop.admin, Map.of("name", "A 标签", "condition", tagAny(a)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.body().path("id").asLong();
        assertThat(created.body().path("size").asLong()).isEqualTo(2);
        assertThat(memberIds(id)).containsExactlyInAnyOrder(wang, zhao);

        int entered = recorded.of(SegmentEntered.class).size();
        int exited = recorded.of(SegmentExited.class).size();
        tag(wang, List.of(), List.of(a));
        tag(qian, List.of(a), List.of());
        api.post(shop.path("/segments/refresh"), shop.admin, Map.of());

        assertThat(memberIds(id)).containsExactlyInAnyOrder(zhao, qian);
        assertThat(recorded.of(SegmentEntered.class)
                        .subList(entered, recorded.of(SegmentEntered.class).size()))
                .filteredOn(e -> e.tenant().equals(shop.tenant))
                .extracting(e -> e.customer().value(), SegmentEntered::segmentId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(qian, id));
        assertThat(recorded.of(SegmentExited.class)
                        .subList(exited, recorded.of(SegmentExited.class).size()))
                .filteredOn(e -> e.tenant().equals(shop.tenant))
                .extracting(e -> e.customer().value())
                .containsExactly(wang);
        assertThat(api.get(shop.path("/segments/" + id), shop.admin)
                        .body()
                        .path("size")
                        .asLong())
                .isEqualTo(2);
        // Nothing changed since: a second refresh finds nothing to do.
        assertThat(api.post(shop.path("/segments/refresh"), shop.admin, Map.of())
                        .body()
                        .path("changes")
                        .asInt())
                .isZero();
    }

    /**
     * Journeys trigger on a segment's entries and exits: with members kept as bitmaps and the per-customer events
     * published after the refresh commits, a journey waiting for "entered segment" gets exactly the customer who
     * entered (its trigger intake is a durable due-work row keyed by journey and event), and one waiting for "exited"
     * the one who left.
     */
    @Test
    void journeysWaitingForTheSegmentAreTriggeredByWhoEnteredAndWhoLeft() {
        long id = api.post(shop.path("/segments"), shop.admin, Map.of("name", "A 旅程", "condition", tagAny(a)))
                .body()
                .path("id")
                .asLong();
        long onEnter = journey("进入 A", "segmentEntered", id);
        long onExit = journey("离开 A", "segmentExited", id);

        tag(wang, List.of(), List.of(a));
        tag(qian, List.of(a), List.of());
        api.post(shop.path("/segments/refresh"), shop.admin, Map.of());

        var db = new org.springframework.jdbc.core.JdbcTemplate(owner);
        String keys =
                "select key from shared.due_work where tenant_id = ? and kind = 'journeys.trigger' and key like ?";
        assertThat(db.queryForList(keys, String.class, shop.tenant.value(), onEnter + ":%"))
                .singleElement()
                .asString()
                .startsWith(onEnter + ":segment-in:" + id + ":" + qian + ":");
        assertThat(db.queryForList(keys, String.class, shop.tenant.value(), onExit + ":%"))
                .singleElement()
                .asString()
                .startsWith(onExit + ":segment-out:" + id + ":" + wang + ":");
        // the change is readable as a whole too, and every move of it was published
        assertThat(db.queryForObject(
                        "select sum(published) from audiences.segment_change where tenant_id = ? and segment_id = ?",
                        Long.class,
                        shop.tenant.value(),
                        id))
                .isEqualTo(2);
    }

    /**
     * A move reaches journeys inside the transaction that publishes it, so the enrolment it triggers is there before
     * that transaction commits and goes if it rolls back: no move is marked published while its enrolment is lost.
     */
    @Test
    void aMoveAndTheEnrolmentItTriggersCommitTogether() {
        long id = api.post(shop.path("/segments"), shop.admin, Map.of("name", "A 同事务", "condition", tagAny(a)))
                .body()
                .path("id")
                .asLong();
        long onEnter = journey("进入 A 同事务", "segmentEntered", id);
        String triggers =
                "select count(*) from shared.due_work where tenant_id = ? and kind = 'journeys.trigger' and key like ?";
        long inside = io.moat.shared.context.CallContext.forTenant(shop.tenant, "test")
                .call(() -> transactions.execute(status -> {
                    events.publishEvent(new SegmentEntered(
                            shop.tenant, id, new io.moat.customers.CustomerId(qian), java.time.Instant.now()));
                    long seen = jdbc.sql(triggers)
                            .params(shop.tenant.value(), onEnter + ":%")
                            .query(Long.class)
                            .single();
                    status.setRollbackOnly();
                    return seen;
                }));
        assertThat(inside)
                .as("the trigger row, inside the publishing transaction")
                .isEqualTo(1);
        assertThat(new org.springframework.jdbc.core.JdbcTemplate(owner)
                        .queryForObject(triggers, Long.class, shop.tenant.value(), onEnter + ":%"))
                .as("after its rollback")
                .isZero();
    }

    private long journey(String name, String trigger, long segment) {
        var created = api.post(
                shop.path("/journeys"),
                shop.admin,
                Map.of(
                        "name",
                        name,
                        "definition",
                        Map.of(
                                "trigger",
                                Map.of("type", trigger, "segmentId", segment),
                                "steps",
                                List.of(Map.of("id", "bye", "type", "exit")))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long journey = created.body().path("id").asLong();
        var published = api.post(shop.path("/journeys/" + journey + "/publish"), shop.admin, Map.of());
        assertThat(published.status()).as(published.toString()).isEqualTo(200);
        return journey;
    }

    @Test
    void overlapExportAndProblems() {
        long withA = api.post(shop.path("/segments"), shop.admin, Map.of("name", "A", "condition", tagAny(a)))
                .body()
                .path("id")
                .asLong();
        long live = api.post(
                        shop.path("/segments"),
                        shop.admin,
                        Map.of("name", "live", "condition", Map.of("v", 1, "channel", Map.of("any", List.of("live")))))
                .body()
                .path("id")
                .asLong();
        var overlap = api.get(shop.path("/segments/overlap?a=" + withA + "&b=" + live), shop.admin);
        assertThat(overlap.body().path("both").asLong()).isEqualTo(1);
        assertThat(overlap.body().path("onlyA").asLong()).isEqualTo(1);
        assertThat(overlap.body().path("onlyB").asLong()).isEqualTo(1);

        var page = api.get(shop.path("/segments/" + live + "/members?limit=1"), shop.admin);
        assertThat(page.body().path("members")).hasSize(1);
        long next = page.body().path("next").asLong();
        var rest = api.get(shop.path("/segments/" + live + "/members?limit=1&after=" + next), shop.admin);
        assertThat(rest.body().path("members").get(0).path("id").asLong()).isGreaterThan(next);
        assertThat(rest.body().path("next").isNull() || rest.body().path("next").isMissingNode())
                .isTrue();

        var taken = api.post(shop.path("/segments"), shop.admin, Map.of("name", "A", "condition", tagAny(b)));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(api.get(shop.path("/segments/999999"), shop.admin).status()).isEqualTo(404);
        var viewer = api.memberWithRole(shop.admin, shop.slug, "analyst");
        assertThat(api.post(shop.path("/segments"), viewer, Map.of("name", "x", "condition", tagAny(a)))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void membersExportAsCsvAndAsExcelWithTheSameRows() throws Exception {
        long id = api.post(shop.path("/segments"), shop.admin, Map.of("name", "A 导出", "condition", tagAny(a)))
                .body()
                .path("id")
                .asLong();

        var csv = download(id, "csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        List<String> lines = new String(csv.body(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\uFEFF", "")
                .lines()
                .toList();
        assertThat(lines.getFirst()).isEqualTo("customer_id,name");
        assertThat(lines.stream().skip(1).map(line -> Long.parseLong(line.split(",")[0])))
                .containsExactlyInAnyOrder(wang, zhao);

        var xlsx = download(id, "xlsx");
        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(xlsx.headers().firstValue("Content-Type").orElse("")).contains("spreadsheetml");
        try (var workbook =
                new org.dhatim.fastexcel.reader.ReadableWorkbook(new java.io.ByteArrayInputStream(xlsx.body()))) {
            var rows = workbook.getFirstSheet().read();
            assertThat(rows.getFirst().getCellText(0)).isEqualTo("customer_id");
            assertThat(rows.stream().skip(1).map(row -> Long.parseLong(row.getCellText(0))))
                    .containsExactlyInAnyOrder(wang, zhao);
        }

        var bad = api.get(shop.path("/segments/" + id + "/export?format=pdf"), shop.admin);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().toString()).contains("format");
    }

    private java.net.http.HttpResponse<byte[]> download(long segment, String format) throws Exception {
        return java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                                        + shop.path("/segments/" + segment + "/export?format=") + format))
                                .header("Authorization", "Bearer " + shop.admin)
                                .GET()
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    }

    private List<Long> memberIds(long segment) {
        return api.get(shop.path("/segments/" + segment + "/members?limit=100"), shop.admin)
                .body()
                .path("members")
                .valueStream()
                .map(m -> m.path("id").asLong())
                .toList();
    }

    private static Map<String, Object> tagAny(long tag) {
        return Map.of("v", 1, "tag", Map.of("any", List.of(tag)));
    }

    private void tag(long customer, List<Long> add, List<Long> remove) {
        var answer = shop.api.post(
                shop.path("/customers/" + customer + "/tags"), shop.admin, Map.of("add", add, "remove", remove));
        assertThat(answer.status()).as(answer.toString()).isLessThan(300);
    }
}
