package io.moat.wecomsim.stats;

import static io.moat.wecomsim.support.SimHarness.CORP;
import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.support.SimHarness;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** groupchat/statistic*, get_user_behavior_data: figures computed from what the simulator saw happen. */
class StatisticTests {

    /** 2026-01-01 00:00 in Beijing; the simulator starts at 08:00 that day. */
    static final long DAY_ONE = Instant.parse("2025-12-31T16:00:00Z").getEpochSecond();

    static final long DAY = 86_400;

    final SimHarness sim = SimHarness.start();
    final String configId;
    final String alice;
    final String bob;
    final String carol;

    {
        sim.createCorp();
        sim.addStaff(CORP, "zhangsan", "张三");
        sim.addStaff(CORP, "lisi", "李四");
        configId = sim.contactWay(CORP, sim.token(CORP), "zhangsan", "s");
        alice = sim.scan(CORP, configId, "Alice").path("externalUserId").asString();
        bob = sim.scan(CORP, configId, "Bob").path("externalUserId").asString();
        carol = sim.scan(CORP, configId, "Carol").path("externalUserId").asString();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void groupStatisticsPerOwnerCountWhatHappenedThatDay() {
        String chat = group("zhangsan", alice);
        join(chat, bob);
        say(chat, alice, "1");
        say(chat, alice, "2");
        say(chat, "zhangsan", "3");
        quit(chat, bob);
        group("lisi");
        sim.clock().advance(Duration.ofDays(1));
        say(chat, alice, "next day");

        JsonNode answer = call(
                "groupchat/statistic",
                owners(
                        SimHarness.object().put("day_begin_time", DAY_ONE).put("order_by", 7),
                        "lisi",
                        "zhangsan",
                        "wangwu"));

        assertThat(answer.path("errcode").asInt()).as(answer.toString()).isZero();
        assertThat(answer.path("total").asInt()).isEqualTo(3);
        JsonNode first = answer.path("items").get(0);
        assertThat(first.path("owner").asString()).isEqualTo("zhangsan");
        assertThat(first.path("data").path("new_chat_cnt").asInt()).isEqualTo(1);
        assertThat(first.path("data").path("chat_total").asInt()).isEqualTo(1);
        assertThat(first.path("data").path("chat_has_msg").asInt()).isEqualTo(1);
        assertThat(first.path("data").path("new_member_cnt").asInt()).isEqualTo(2);
        assertThat(first.path("data").path("member_total").asInt()).isEqualTo(2);
        assertThat(first.path("data").path("member_has_msg").asInt()).isEqualTo(2);
        assertThat(first.path("data").path("msg_total").asInt()).isEqualTo(3);
        JsonNode lisi = answer.path("items")
                .valueStream()
                .filter(i -> i.path("owner").asString().equals("lisi"))
                .findFirst()
                .orElseThrow();
        assertThat(lisi.path("data").path("chat_total").asInt()).isEqualTo(1);
        assertThat(lisi.path("data").path("member_total").asInt()).isEqualTo(1);
        assertThat(lisi.path("data").path("msg_total").asInt()).isZero();
    }

    @Test
    void groupStatisticsByDayGiveOneItemPerBeijingDay() {
        String chat = group("zhangsan", alice);
        say(chat, alice, "a");
        sim.clock().advance(Duration.ofDays(1));
        say(chat, alice, "b");
        say(chat, alice, "c");
        sim.post("/sim/corps/" + CORP + "/groups/" + chat + "/dismiss", SimHarness.object());
        sim.clock().advance(Duration.ofDays(1));

        JsonNode answer = call(
                "groupchat/statistic_group_by_day",
                owners(
                        SimHarness.object().put("day_begin_time", DAY_ONE).put("day_end_time", DAY_ONE + DAY),
                        "zhangsan"));

        assertThat(answer.path("items"))
                .extracting(i -> i.path("stat_time").asLong())
                .containsExactly(DAY_ONE, DAY_ONE + DAY);
        JsonNode second = answer.path("items").get(1).path("data");
        assertThat(answer.path("items").get(0).path("data").path("msg_total").asInt())
                .isEqualTo(1);
        assertThat(second.path("msg_total").asInt()).isEqualTo(2);
        assertThat(second.path("new_chat_cnt").asInt()).isZero();
        assertThat(second.path("chat_total").asInt()).as("dismissed that day").isZero();
        assertThat(second.path("chat_has_msg").asInt()).isEqualTo(1);
    }

    @Test
    void todayAndPeriodsLongerThanThirtyDaysAreRefused() {
        long today = DAY_ONE;
        JsonNode notFinal =
                call("groupchat/statistic", owners(SimHarness.object().put("day_begin_time", today), "zhangsan"));
        sim.clock().advance(Duration.ofDays(40));
        JsonNode tooLong = call(
                "groupchat/statistic_group_by_day",
                owners(
                        SimHarness.object().put("day_begin_time", DAY_ONE).put("day_end_time", DAY_ONE + 31 * DAY),
                        "zhangsan"));
        JsonNode noOwners = call("groupchat/statistic", SimHarness.object().put("day_begin_time", DAY_ONE));

        assertThat(notFinal.path("errcode").asInt()).isEqualTo(40058);
        assertThat(tooLong.path("errcode").asInt()).isEqualTo(40058);
        assertThat(noOwners.path("errcode").asInt()).isEqualTo(40058);
    }

    @Test
    void behaviourCountsChatsRepliesAndCustomersWhoLeft() {
        customerSays(alice, "在吗");
        sim.clock().advance(Duration.ofMinutes(5));
        staffSays(alice, "在的");
        customerSays(bob, "有人吗");
        staffSays(carol, "新品到了");
        staffSays(carol, "看看吗");
        sim.post(
                "/sim/corps/" + CORP + "/customers/" + bob + "/delete-staff",
                SimHarness.object().put("userid", "zhangsan"));
        sim.clock().advance(Duration.ofDays(1));

        ObjectNode byUser = SimHarness.object().put("start_time", DAY_ONE).put("end_time", DAY_ONE + DAY);
        byUser.putArray("userid").add("zhangsan");
        ObjectNode byParty = SimHarness.object().put("start_time", DAY_ONE).put("end_time", DAY_ONE);
        byParty.putArray("partyid").add(1);
        JsonNode days = call("get_user_behavior_data", byUser).path("behavior_data");
        JsonNode party = call("get_user_behavior_data", byParty).path("behavior_data");

        assertThat(days).hasSize(2);
        JsonNode first = days.get(0);
        assertThat(first.path("stat_time").asLong()).isEqualTo(DAY_ONE);
        assertThat(first.path("new_contact_cnt").asInt()).isEqualTo(3);
        assertThat(first.path("new_apply_cnt").asInt()).isZero();
        assertThat(first.path("chat_cnt").asInt()).isEqualTo(2);
        assertThat(first.path("message_cnt").asInt()).isEqualTo(3);
        assertThat(first.path("reply_percentage").asDouble()).isEqualTo(50.0);
        assertThat(first.path("avg_reply_time").asInt()).isEqualTo(5);
        assertThat(first.path("negative_feedback_cnt").asInt()).isEqualTo(1);
        assertThat(days.get(1).path("message_cnt").asInt()).isZero();
        assertThat(party.get(0)).isEqualTo(first);
    }

    // ---- helpers ----

    private JsonNode call(String path, ObjectNode body) {
        return sim.apiPost("/cgi-bin/externalcontact/" + path, sim.token(CORP), body);
    }

    private static ObjectNode owners(ObjectNode body, String... owners) {
        var list = body.putObject("owner_filter").putArray("userid_list");
        for (String owner : owners) {
            list.add(owner);
        }
        return body;
    }

    private String group(String owner, String... customers) {
        ObjectNode body = SimHarness.object().put("owner", owner).put("name", "群");
        var members = body.putArray("memberExternalUserIds");
        for (String customer : customers) {
            members.add(customer);
        }
        return sim.post("/sim/corps/" + CORP + "/groups", body).path("chatId").asString();
    }

    private void join(String chat, String customer) {
        ObjectNode body = SimHarness.object().put("joinScene", 2);
        body.putArray("externalUserIds").add(customer);
        sim.post("/sim/corps/" + CORP + "/groups/" + chat + "/join", body);
    }

    private void quit(String chat, String customer) {
        ObjectNode body = SimHarness.object();
        body.putArray("externalUserIds").add(customer);
        sim.post("/sim/corps/" + CORP + "/groups/" + chat + "/quit", body);
    }

    private void say(String chat, String from, String content) {
        sim.post(
                "/sim/corps/" + CORP + "/groups/" + chat + "/say",
                SimHarness.object().put("from", from).put("content", content));
    }

    private void customerSays(String customer, String content) {
        sim.post(
                "/sim/corps/" + CORP + "/customers/" + customer + "/say",
                SimHarness.object().put("to", "zhangsan").put("content", content));
    }

    private void staffSays(String customer, String content) {
        sim.post(
                "/sim/corps/" + CORP + "/staff/zhangsan/say",
                SimHarness.object().put("to", customer).put("content", content));
    }
}
