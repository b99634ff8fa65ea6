package io.moat.wecomsim.world;

import static io.moat.wecomsim.support.SimHarness.CORP;
import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.SimSettings;
import io.moat.wecomsim.support.SimHarness;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** world/step: simulated time passes while virtual customers scan, talk, leave and buy at the given rates. */
class WorldStepTests {

    @Test
    void aDayOfWorldMakesCustomersActAtTheGivenRatesEachAtItsOwnTime() {
        try (SimHarness sim = SimHarness.start()) {
            String configId = setUp(sim);
            Instant start = sim.clock().instant();

            JsonNode happened = step(sim, configId, 86_400).path("happened");

            assertThat(sim.clock().instant()).isEqualTo(start.plusSeconds(86_400));
            int scans = happened.path("scans").asInt();
            int messages = happened.path("groupMessages").asInt();
            int deletes = happened.path("deletes").asInt();
            int orders = happened.path("orders").asInt();
            assertThat(scans).as("10/h for 24 h").isBetween(180, 300);
            assertThat(messages).as("5/h for 24 h").isBetween(80, 165);
            assertThat(deletes).as("20 a day").isBetween(6, 40);
            assertThat(orders).as("50 a day").isBetween(25, 80);

            String token = sim.token(CORP);
            List<String> customers = sim.apiGet(
                            "/cgi-bin/externalcontact/list?access_token=" + token + "&userid=zhangsan")
                    .path("external_userid")
                    .valueStream()
                    .map(JsonNode::asString)
                    .toList();
            assertThat(customers).hasSize(1 + scans - deletes);
            Set<Long> createtimes = new HashSet<>();
            for (String customer : customers.subList(1, Math.min(customers.size(), 40))) {
                JsonNode detail = sim.apiGet(
                        "/cgi-bin/externalcontact/get?access_token=" + token + "&external_userid=" + customer);
                assertThat(detail.path("external_contact").path("name").asString())
                        .matches("[\\u4e00-\\u9fa5]{2,3}");
                assertThat(detail.path("external_contact").path("unionid").asString())
                        .startsWith("o")
                        .hasSize(28);
                createtimes.add(
                        detail.path("follow_user").get(0).path("createtime").asLong());
            }
            assertThat(createtimes).as("scans spread over the day").hasSizeGreaterThan(30);
            assertThat(sim.get("/sim/corps/" + CORP + "/msgaudit").path("chatdata"))
                    .hasSize(messages);

            JsonNode placed = sim.get("/sim/corps/" + CORP + "/orders");
            assertThat(placed).hasSize(orders);
            long linked = placed.valueStream()
                    .filter(o -> !o.path("buyer").path("unionid").asString().isEmpty())
                    .count();
            assertThat(linked).as("about 7 in 10 orders by customers").isBetween(orders / 3L, (long) orders);
            assertThat(placed.valueStream()
                            .map(o -> o.path("createdAt").asString())
                            .distinct()
                            .count())
                    .isEqualTo(orders);
        }
    }

    @Test
    void theSameSeedGivesTheSameWorld() {
        try (SimHarness one = new SimHarness(SimSettings.defaults().withSeed(5));
                SimHarness two = new SimHarness(SimSettings.defaults().withSeed(5))) {
            JsonNode first = step(one, setUp(one), 3_600);
            JsonNode second = step(two, setUp(two), 3_600);

            assertThat(first).isEqualTo(second);
            assertThat(one.get("/sim/corps/" + CORP + "/orders")).isEqualTo(two.get("/sim/corps/" + CORP + "/orders"));
            assertThat(one.get("/sim/corps/" + CORP + "/msgaudit"))
                    .isEqualTo(two.get("/sim/corps/" + CORP + "/msgaudit"));
        }
    }

    @Test
    void badStepsAreRefused() {
        try (SimHarness sim = SimHarness.start()) {
            setUp(sim);
            String path = "/sim/corps/" + CORP + "/world/step";
            ObjectNode unknownWay = SimHarness.object().put("seconds", 60);
            unknownWay.putObject("rates").putObject("scansPerHour").put("nope", 1);
            ObjectNode negative = SimHarness.object().put("seconds", 60);
            negative.putObject("rates").put("ordersPerDay", -1);

            assertThat(sim.controlAnswer("POST", path, unknownWay).status()).isEqualTo(404);
            assertThat(sim.controlAnswer("POST", path, negative).status()).isEqualTo(400);
            assertThat(sim.controlAnswer("POST", path, SimHarness.object().put("seconds", 0))
                            .status())
                    .isEqualTo(400);
        }
    }

    private static String setUp(SimHarness sim) {
        sim.createCorp();
        sim.addStaff(CORP, "zhangsan", "张三");
        String configId = sim.contactWay(CORP, sim.token(CORP), "zhangsan", "world");
        String first = sim.scan(CORP, configId, "王小明").path("externalUserId").asString();
        ObjectNode group = SimHarness.object().put("owner", "zhangsan").put("name", "粉丝群");
        group.putArray("memberExternalUserIds").add(first);
        sim.post("/sim/corps/" + CORP + "/groups", group);
        return configId;
    }

    private static JsonNode step(SimHarness sim, String configId, long seconds) {
        ObjectNode body = SimHarness.object().put("seconds", seconds);
        ObjectNode rates = body.putObject("rates")
                .put("groupMessagesPerHour", 5)
                .put("deletesPerDay", 20)
                .put("ordersPerDay", 50);
        rates.putObject("scansPerHour").put(configId, 10);
        return sim.post("/sim/corps/" + CORP + "/world/step", body);
    }
}
