package io.moat.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.SimulatorControl;
import io.moat.messaging.BrokerWorld;
import io.moat.shared.schedule.DueWorkRunner;
import io.moat.wecom.archive.ArchiveIngestion;
import io.moat.wecomsim.SimSettings;
import io.moat.wecomsim.WecomSim;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Broadcasts and Moments plans against wecom-sim: four customers of zhangsan, one of whom opted out with 退订, one
 * more who is not zhangsan's. Each test drains Moat's schedule on the simulator's clock and asserts from the sim's
 * record (deliveries, its API-call log, who can see a moment).
 */
@MoatTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BroadcastsAndMomentsTests {

    static final WecomSim SIM = WecomSim.start(new SimSettings(0, 20261126L, Instant.now(), true));
    static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();
    static final String EVERY_ZHANGSAN = "{\"v\":1,\"all\":[{\"staff\":{\"any\":[\"zhangsan\"]}}]}";

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Autowired
    DueWorkRunner runner;

    @Autowired
    ArchiveIngestion archive;

    BrokerWorld world;
    final List<BrokerWorld.CustomerAdded> customers = new ArrayList<>();
    BrokerWorld.CustomerAdded optedOut;
    Instant now;

    @BeforeAll
    void world() throws Exception {
        world = new BrokerWorld(SIM, port, owner);
        world.control.knobs(
                world.corpId, Map.of("staffConfirmProbability", 1.0, "staffConfirmDelaySeconds", List.of(30, 120)));
        for (int i = 0; i < 4; i++) {
            customers.add(world.customer("会员" + i, false));
        }
        optedOut = customers.get(3);
        var said = world.call(
                "POST",
                "/sim/corps/" + world.corpId + "/customers/" + optedOut.externalUserId() + "/say",
                Map.of("to", "zhangsan", "content", "退订"));
        assertThat(said.statusCode()).as(said.body()).isBetween(200, 201);
        io.moat.shared.context.CallContext.forTenant(world.tenant, "test").run(() -> archive.pull(world.tenant));
        now = simNow();
    }

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    String path(String tail) {
        return "/api/v1/workspaces/" + world.slug + tail;
    }

    @Test
    void aBroadcastReachesItsAudienceThroughTheBrokerAndEndsInOneStatePerRecipient() throws Exception {
        JsonNode condition = JSON.readTree(EVERY_ZHANGSAN);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> world.api
                                .post(path("/broadcasts/preview"), world.admin, Map.of("condition", condition))
                                .body()
                                .path("count")
                                .asLong()
                        == 4);
        var bad = world.api.post(
                path("/broadcasts"),
                world.admin,
                Map.of(
                        "name",
                        "x",
                        "condition",
                        JSON.readTree("{\"v\":1,\"all\":[{\"orders\":{\"min\":-1}}]}"),
                        "text",
                        "x",
                        "sendAt",
                        now.plus(Duration.ofHours(1)).toString()));
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(Api.fields(bad)).anyMatch(f -> f.startsWith("condition"));
        var past = world.api.post(
                path("/broadcasts"),
                world.admin,
                Map.of("name", "x", "condition", condition, "text", "x", "sendAt", "2020-01-01T00:00:00Z"));
        assertThat(past.status()).isEqualTo(400);
        assertThat(Api.fields(past)).containsExactly("sendAt");

        Instant at = now.plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES);
        var created = world.api.post(
                path("/broadcasts"),
                world.admin,
                Map.of("name", "双十一预热", "condition", condition, "text", "双十一预热：会员专享", "sendAt", at.toString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.body().path("id").asLong();
        assertThat(created.body().path("previewCount").asLong()).isEqualTo(4);
        var dropped = world.api.post(
                path("/broadcasts"),
                world.admin,
                Map.of("name", "作废", "condition", condition, "text", "作废的群发", "sendAt", at.toString()));
        long droppedId = dropped.body().path("id").asLong();
        var cancelled = world.api.post(path("/broadcasts/" + droppedId + "/cancel"), world.admin, Map.of());
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().path("status").asString()).isEqualTo("cancelled");

        // quiet hours (22:00–08:00 by default) may hold it: half a day covers them and the confirmations
        drain(at.plus(Duration.ofHours(14)));

        JsonNode detail = world.api.get(path("/broadcasts/" + id), world.admin).body();
        assertThat(detail.path("broadcast").path("status").asString()).isEqualTo("done");
        assertThat(detail.path("results").path("requested").asLong()).isEqualTo(4);
        assertThat(detail.path("results").path("states").path("sent").asLong())
                .as(detail.toString())
                .isEqualTo(3);
        assertThat(detail.path("results").path("states").path("skipped").asLong())
                .isEqualTo(1);
        assertThat(detail.path("results").path("reasons").path("opted_out").asLong())
                .isEqualTo(1);
        var late = world.api.post(path("/broadcasts/" + id + "/cancel"), world.admin, Map.of());
        assertThat(late.status()).as("a started broadcast cannot be cancelled").isEqualTo(409);

        for (var customer : customers) {
            List<String> texts = SimulatorControl.json(world.call(
                            "GET",
                            "/sim/corps/" + world.corpId + "/deliveries?externalUserId=" + customer.externalUserId(),
                            null))
                    .valueStream()
                    .filter(d -> d.path("kind").asString().equals("mass"))
                    .map(d -> d.path("text").asString())
                    .toList();
            assertThat(texts).as(customer.toString()).doesNotContain("作废的群发");
            if (customer.equals(optedOut)) {
                assertThat(texts).as("opted out").doesNotContain("双十一预热：会员专享");
            } else {
                assertThat(texts).as(customer.toString()).containsOnlyOnce("双十一预热：会员专享");
            }
        }
    }

    @Test
    void momentsPlansPostByTagAndCountEachCustomersDailyCap() throws Exception {
        JsonNode group = world.api
                .post(path("/tags/groups"), world.admin, Map.of("name", "朋友圈", "tags", List.of("爱美")))
                .body();
        long tag = group.path("tags").get(0).path("id").asLong();
        for (var customer : customers.subList(0, 2)) {
            var tagged = world.api.post(
                    path("/customers/" + customer.id().value() + "/tags"), world.admin, Map.of("add", List.of(tag)));
            assertThat(tagged.status()).as(tagged.toString()).isEqualTo(200);
        }
        Instant at = now.plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> world.api
                                .post(
                                        path("/moment-plans/preview"),
                                        world.admin,
                                        Map.of(
                                                "staffUserId",
                                                "zhangsan",
                                                "tagIds",
                                                List.of(tag),
                                                "postAt",
                                                at.toString()))
                                .body()
                                .path("reach")
                                .asInt()
                        == 2);
        var unknown = world.api.post(
                path("/moment-plans"),
                world.admin,
                Map.of("staffUserId", "zhangsan", "text", "x", "tagIds", List.of(987654321L), "postAt", at.toString()));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(Api.fields(unknown)).containsExactly("tagIds[0]");
        var mixed = world.api.post(
                path("/moment-plans"),
                world.admin,
                Map.of(
                        "staffUserId",
                        "zhangsan",
                        "text",
                        "x",
                        "attachments",
                        List.of(
                                Map.of("kind", "link", "title", "a", "url", "https://a.example"),
                                Map.of("kind", "image", "mediaId", "m1")),
                        "postAt",
                        at.toString()));
        assertThat(mixed.status()).isEqualTo(400);
        assertThat(Api.fields(mixed)).containsExactly("attachments");

        var tagged = world.api.post(
                path("/moment-plans"),
                world.admin,
                Map.of(
                        "staffUserId",
                        "zhangsan",
                        "text",
                        "爱美的你：新品试用",
                        "tagIds",
                        List.of(tag),
                        "postAt",
                        at.toString()));
        assertThat(tagged.status()).as(tagged.toString()).isEqualTo(201);
        assertThat(tagged.body().path("reach").asInt()).isEqualTo(2);
        assertThat(tagged.body().path("overCap").asInt()).isZero();
        // two more for everyone that day: the tagged two reach the cap of three, the other two are at two
        List<Long> plans = new ArrayList<>(List.of(tagged.body().path("id").asLong()));
        for (int i = 0; i < 2; i++) {
            var all = world.api.post(
                    path("/moment-plans"),
                    world.admin,
                    Map.of("staffUserId", "zhangsan", "text", "全员福利 " + i, "postAt", at.toString()));
            assertThat(all.body().path("reach").asInt()).isEqualTo(4);
            assertThat(all.body().path("overCap").asInt()).isZero();
            plans.add(all.body().path("id").asLong());
        }
        var fourth = world.api.post(
                path("/moment-plans"),
                world.admin,
                Map.of("staffUserId", "zhangsan", "text", "第四条", "postAt", at.toString()));
        assertThat(fourth.body().path("overCap").asInt())
                .as("the tagged two already see three that day")
                .isEqualTo(2);
        long fourthId = fourth.body().path("id").asLong();
        assertThat(world.api
                        .post(path("/moment-plans/" + fourthId + "/cancel"), world.admin, Map.of())
                        .body()
                        .path("status")
                        .asString())
                .isEqualTo("cancelled");
        // the next day is a new day
        var tomorrow = world.api.post(
                path("/moment-plans/preview"),
                world.admin,
                Map.of(
                        "staffUserId",
                        "zhangsan",
                        "postAt",
                        at.plus(Duration.ofDays(1)).toString()));
        assertThat(tomorrow.body().path("overCap").asInt()).isZero();

        drain(at.plus(Duration.ofMinutes(5)));

        for (long plan : plans) {
            JsonNode row =
                    world.api.get(path("/moment-plans/" + plan), world.admin).body();
            assertThat(row.path("status").asString()).as(row.toString()).isEqualTo("created");
            assertThat(row.path("momentId").asString()).isNotBlank();
        }
        assertThat(world.api
                        .get(path("/moment-plans/" + fourthId), world.admin)
                        .body()
                        .hasNonNull("jobId"))
                .as("the cancelled plan never went to WeCom")
                .isFalse();
        JsonNode calls = SimulatorControl.json(world.call(
                "GET",
                "/sim/corps/" + world.corpId + "/api-calls?path=/cgi-bin/externalcontact/add_moment_task",
                null));
        assertThat(calls.path("paths").get(0).path("errcodes").path("0").asInt())
                .as(
                        "one task created per plan, none for the cancelled (a call refused for an expired token is retried)")
                .isEqualTo(3);
        // the tagged post is visible (zhangsan published it within the drain, as virtual staff do) to the two
        // tagged customers only: WeCom's own answer
        String momentId = world.api
                .get(path("/moment-plans/" + plans.get(0)), world.admin)
                .body()
                .path("momentId")
                .asString();
        String token = SimulatorControl.json(
                        world.call("GET", "/cgi-bin/gettoken?corpid=" + world.corpId + "&corpsecret=sim-secret", null))
                .path("access_token")
                .asString();
        JsonNode seen = SimulatorControl.json(world.call(
                "POST",
                "/cgi-bin/externalcontact/get_moment_send_result?access_token=" + token,
                Map.of("moment_id", momentId, "userid", "zhangsan")));
        assertThat(seen.path("errcode").asInt()).as(seen.toString()).isZero();
        List<String> visible = seen.path("customer_list")
                .valueStream()
                .map(c -> c.path("external_userid").asString())
                .toList();
        assertThat(visible)
                .containsExactlyInAnyOrder(
                        customers.get(0).externalUserId(), customers.get(1).externalUserId());
    }

    private void drain(Instant until) throws Exception {
        JdbcTemplate db = new JdbcTemplate(owner);
        Instant at = simNow();
        while (at.isBefore(until)) {
            world.call("POST", "/sim/clock", Map.of("set", at.toString()));
            runner.drain(at);
            Instant next = db.queryForObject(
                    "select min(due_at) from shared.due_work where tenant_id = ? and state = 'due'",
                    Instant.class,
                    world.tenant.value());
            at = next == null || next.isAfter(until) ? until : next.isAfter(at) ? next : at.plusSeconds(1);
        }
        world.call("POST", "/sim/clock", Map.of("set", until.toString()));
        runner.drain(until);
        now = until;
    }

    private Instant simNow() throws Exception {
        return Instant.parse(SimulatorControl.json(world.call("GET", "/sim/clock", null))
                .path("now")
                .asString());
    }
}
