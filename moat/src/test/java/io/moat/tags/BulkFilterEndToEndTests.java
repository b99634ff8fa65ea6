package io.moat.tags;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.SimulatorControl;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.wecom.client.WecomClients;
import io.moat.wecomsim.SimSettings;
import io.moat.wecomsim.WecomSim;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Bulk tagging of a filtered customer list of a few thousand, against wecom-sim over real HTTP: every customer the
 * filter matches (and nobody else) is handled once through {@code mark_tag}, none of the calls runs into WeCom's
 * rate limit, each customer's result is there to page through (tagged; skipped with the reason; failed with WeCom's
 * errcode), a retried start with the same Idempotency-Key returns the same job and marks nobody again, and retrying
 * the failed customers once they can be marked again completes them.
 */
@MoatTest
class BulkFilterEndToEndTests {

    static final WecomSim SIM = WecomSim.start(new SimSettings(0, 20261124L, Instant.now(), true));
    static final int MEMBERS = 2000;
    static final int VISITORS = 200;
    static final String MARK = "/cgi-bin/externalcontact/mark_tag";

    @LocalServerPort
    int port;

    @Autowired
    WecomClients clients;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    final SimulatorControl control = new SimulatorControl(SIM);
    Api api;
    String admin;
    String slug;
    TenantId tenant;
    String corpId;
    SimulatorControl.Corp corp;

    @AfterAll
    static void stopSimulator() {
        SIM.close();
    }

    @Test
    void everyCustomerTheFilterMatchesIsTaggedOnceWithAResultEach() throws Exception {
        corpWiredToMoat();
        String memberWay = contactWay("zhangsan", "vip-01");
        String visitorWay = contactWay("lisi", "walkin-02");
        control.callbacks(corp, null);
        List<String> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            members.add(scan(memberWay, "会员-%04d".formatted(i)));
        }
        for (int i = 0; i < VISITORS; i++) {
            scan(visitorWay, "访客-%04d".formatted(i));
        }
        fullSync();
        Awaitility.await()
                .atMost(Duration.ofSeconds(600))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> activeProfiles() == MEMBERS + VISITORS);

        // Two members leave while Moat listens (so it knows: skipped), three while it does not (WeCom says 84061).
        control.callbacks(corp, "http://127.0.0.1:" + port + "/wecom/callback/" + slug);
        List<String> gone = members.subList(0, 2);
        for (String customer : gone) {
            deleteStaff(customer);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> gone.stream()
                .allMatch(c -> activeRelations(c) == 0));
        control.callbacks(corp, null);
        List<String> stale = members.subList(2, 5);
        for (String customer : stale) {
            deleteStaff(customer);
        }

        JsonNode group = api.post(path("/tags/groups"), admin, Map.of("name", "会员日", "tags", List.of("会员日已邀")))
                .body();
        long tag = TagFixtures.tagId(group, "会员日已邀");
        Map<String, Object> body = Map.of("filter", Map.of("q", "会员"), "add", List.of(tag));
        String key = UUID.randomUUID().toString();
        var started = api.call(HttpMethod.POST, path("/tags/bulk"), admin, body, Map.of("Idempotency-Key", key));
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        long id = started.body().path("id").asLong();
        var again = api.call(HttpMethod.POST, path("/tags/bulk"), admin, body, Map.of("Idempotency-Key", key));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.body().path("id").asLong()).isEqualTo(id);

        JsonNode job = awaitJob(id);
        assertThat(job.path("total").asInt()).as(job.toString()).isEqualTo(MEMBERS);
        assertThat(job.path("done").asInt()).isEqualTo(MEMBERS);
        assertThat(job.path("skipped").asInt()).isEqualTo(2);
        assertThat(job.path("failed").asInt()).isEqualTo(3);
        assertThat(job.path("filter").path("q").asString()).isEqualTo("会员");
        assertThat(jobCount()).as("the retried start made no second job").isEqualTo(1);

        Map<String, Integer> calls = markCalls();
        assertThat(calls)
                .as("one mark_tag per member still followed; none over the rate limit")
                .containsEntry("0", MEMBERS - 5)
                .containsEntry("84061", 3)
                .doesNotContainKey("45009");

        List<JsonNode> all = allResults(id, null, 700);
        assertThat(all).hasSize(MEMBERS);
        assertThat(all.stream().map(r -> r.path("customerId").asLong()).distinct())
                .hasSize(MEMBERS);
        assertThat(all.stream().filter(r -> r.path("outcome").asString().equals("ok")))
                .hasSize(MEMBERS - 5)
                .allMatch(r -> r.path("staffUserId").asString().equals("zhangsan")
                        && r.path("name").asString().startsWith("会员-"));
        List<JsonNode> failed = allResults(id, "failed", 100);
        assertThat(failed).hasSize(3).allMatch(r -> r.path("errcode").asInt() == 84061);
        assertThat(failed.stream().map(r -> r.path("customerId").asLong()))
                .containsExactlyInAnyOrderElementsOf(
                        stale.stream().map(this::customer).toList());
        List<JsonNode> skipped = allResults(id, "skipped", 100);
        assertThat(skipped)
                .hasSize(2)
                .allMatch(r -> r.path("reason").asString().equals("no_relation")
                        && (r.path("errcode").isMissingNode()
                                || r.path("errcode").isNull()));
        assertThat(taggedProfiles(tag)).isEqualTo(MEMBERS - 5);
        assertThat(api.get(path("/tags/bulk/" + id + "/results?outcome=maybe"), admin)
                        .status())
                .isEqualTo(400);

        // The three come back; retrying the failed ones marks exactly them, and a second retry is the same job.
        for (String customer : stale) {
            assertThat(control.call(
                                    "POST",
                                    "/sim/corps/" + corpId + "/scan",
                                    Map.of(
                                            "configId",
                                            memberWay,
                                            "customer",
                                            Map.of("name", "回来"),
                                            "existingExternalUserId",
                                            customer))
                            .statusCode())
                    .isBetween(200, 201);
        }
        var retried = api.post(path("/tags/bulk/" + id + "/retry"), admin, Map.of());
        assertThat(retried.status()).as(retried.toString()).isEqualTo(202);
        long retry = retried.body().path("id").asLong();
        JsonNode second = awaitJob(retry);
        assertThat(second.path("total").asInt()).isEqualTo(3);
        assertThat(second.path("failed").asInt()).as(second.toString()).isZero();
        assertThat(api.post(path("/tags/bulk/" + id + "/retry"), admin, Map.of())
                        .body()
                        .path("id")
                        .asLong())
                .isEqualTo(retry);
        assertThat(markCalls()).containsEntry("0", MEMBERS - 2);
        assertThat(taggedProfiles(tag)).isEqualTo(MEMBERS - 2);
        assertThat(api.get(path("/tags/bulk?limit=5"), admin).body().size()).isEqualTo(2);
    }

    private void corpWiredToMoat() throws Exception {
        api = new Api(port);
        admin = api.admin();
        slug = api.newWorkspace(admin);
        tenant = new TenantId(
                db().queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
        corp = control.connect(api, admin, slug, port, false);
        corpId = corp.corpId();
        control.staff(corp, List.of("zhangsan", "lisi"));
    }

    private String contactWay(String staff, String state) {
        return CallContext.forTenant(tenant, "test").call(() -> clients.forTenant(tenant)
                .orElseThrow()
                .addContactWay(staff, state, "bulk")
                .configId());
    }

    private void fullSync() {
        var started = api.post(path("/wecom/sync"), admin, Map.of());
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        Awaitility.await().atMost(Duration.ofSeconds(600)).until(() -> !api.get(path("/wecom/sync"), admin)
                .body()
                .path("runs")
                .get(0)
                .path("status")
                .asString()
                .equals("running"));
    }

    private JsonNode awaitJob(long id) {
        JsonNode[] job = new JsonNode[1];
        Awaitility.await()
                .atMost(Duration.ofSeconds(300))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    job[0] = api.get(path("/tags/bulk/" + id), admin).body();
                    return !job[0].path("status").asString().equals("running");
                });
        assertThat(job[0].path("status").asString()).as(job[0].toString()).isEqualTo("completed");
        return job[0];
    }

    /** Every result row, following the pages' cursor. */
    private List<JsonNode> allResults(long id, @Nullable String outcome, int limit) {
        List<JsonNode> rows = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = api.get(
                            path("/tags/bulk/" + id + "/results?limit=" + limit + "&after=" + after
                                    + (outcome == null ? "" : "&outcome=" + outcome)),
                            admin)
                    .body();
            page.path("items").valueStream().forEach(rows::add);
            if (page.path("next").isNull() || page.path("next").isMissingNode()) {
                return rows;
            }
            after = page.path("next").asLong();
        }
    }

    private Map<String, Integer> markCalls() throws Exception {
        JsonNode log = SimulatorControl.json(sim("GET", "/sim/corps/" + corpId + "/api-calls?path=" + MARK, null));
        Map<String, Integer> counts = new HashMap<>();
        log.path("paths")
                .valueStream()
                .filter(p -> p.path("path").asString().equals(MARK))
                .flatMap(p -> p.path("errcodes").properties().stream())
                .forEach(e -> counts.put(e.getKey(), e.getValue().asInt()));
        return counts;
    }

    private long activeProfiles() {
        return db().queryForObject(
                        "select count(distinct customer_id) from customers.staff_relation where tenant_id = ? and removed_at is null",
                        Long.class,
                        tenant.value());
    }

    private long activeRelations(String externalUserId) {
        return db().queryForObject("""
                        select count(*) from customers.staff_relation r join customers.identity i
                          on i.tenant_id = r.tenant_id and i.customer_id = r.customer_id
                        where r.tenant_id = ? and i.kind = 'external_userid' and i.value = ? and r.removed_at is null
                        """, Long.class, tenant.value(), externalUserId);
    }

    private long taggedProfiles(long tag) {
        return db().queryForObject(
                        "select count(*) from tags.tag_assignment where tenant_id = ? and tag_id = ?",
                        Long.class,
                        tenant.value(),
                        tag);
    }

    private long jobCount() {
        return db().queryForObject(
                        "select count(*) from tags.bulk_job where tenant_id = ?", Long.class, tenant.value());
    }

    private long customer(String externalUserId) {
        return db().queryForObject(
                        "select customer_id from customers.identity where tenant_id = ? and kind = 'external_userid' and value = ?",
                        Long.class,
                        tenant.value(),
                        externalUserId);
    }

    private String scan(String configId, String name) throws Exception {
        var answer = sim(
                "POST",
                "/sim/corps/" + corpId + "/scan",
                Map.of("configId", configId, "customer", Map.of("name", name)));
        assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 201);
        return SimulatorControl.json(answer).path("externalUserId").asString();
    }

    private void deleteStaff(String externalUserId) throws Exception {
        sim(
                "POST",
                "/sim/corps/" + corpId + "/customers/" + externalUserId + "/delete-staff",
                Map.of("userid", "zhangsan"));
    }

    private String path(String rest) {
        return "/api/v1/workspaces/" + slug + rest;
    }

    private HttpResponse<String> sim(String method, String path, @Nullable Object body) throws Exception {
        return control.call(method, path, body);
    }

    private JdbcTemplate db() {
        return new JdbcTemplate(owner);
    }
}
