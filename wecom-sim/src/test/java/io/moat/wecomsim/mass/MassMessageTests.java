package io.moat.wecomsim.mass;

import static io.moat.wecomsim.support.SimHarness.CORP;
import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.support.SimHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Mass messages (wecom-api.md §5): tasks wait for the member, caps and lost friends show in the send result. */
class MassMessageTests {

    static final String ADD = "/cgi-bin/externalcontact/add_msg_template";

    final SimHarness sim = SimHarness.start();
    final String token;
    final String configId;
    final String alice;
    final String bob;

    {
        sim.createCorp();
        sim.addStaff(CORP, "zhangsan", "张三");
        sim.addStaff(CORP, "lisi", "李四");
        token = sim.token(CORP);
        configId = sim.contactWay(CORP, token, "zhangsan", "s");
        alice = sim.scan(CORP, configId, "Alice").path("externalUserId").asString();
        bob = sim.scan(CORP, configId, "Bob").path("externalUserId").asString();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aMassMessageWaitsForTheSenderAndThenReachesEveryRecipient() {
        JsonNode created = add(single("zhangsan", "双十一提前购", alice, bob, "wmUnknownCustomer"));

        assertThat(created.path("errcode").asInt()).as(created.toString()).isZero();
        String msgid = created.path("msgid").asString();
        assertThat(msgid).startsWith("msg").hasSize(28);
        assertThat(created.path("fail_list")).extracting(JsonNode::asString).containsExactly("wmUnknownCustomer");
        assertThat(deliveries()).isEmpty();
        assertThat(task(msgid).path("status").asInt()).isZero();
        assertThat(task(msgid).has("send_time")).isFalse();
        assertThat(statuses(msgid, "zhangsan")).containsExactly(0, 0);

        sim.clock().advance(Duration.ofMinutes(5));
        JsonNode confirmed = confirm("zhangsan", msgid);

        assertThat(confirmed.path("status").asInt()).isEqualTo(2);
        assertThat(task(msgid).path("status").asInt()).isEqualTo(2);
        assertThat(task(msgid).path("send_time").asLong()).isEqualTo(sim.clock().epochSecond());
        assertThat(statuses(msgid, "zhangsan")).containsExactly(1, 1);
        assertThat(sendList(msgid, "zhangsan").get(0).path("send_time").asLong())
                .isEqualTo(sim.clock().epochSecond());
        assertThat(deliveries())
                .extracting(d -> d.path("kind").asString() + "/"
                        + d.path("externalUserId").asString() + "/"
                        + d.path("text").asString())
                .containsExactly("mass/" + alice + "/双十一提前购", "mass/" + bob + "/双十一提前购");
        assertThat(sim.controlAnswer("POST", confirmPath("zhangsan"), msgidBody(msgid))
                        .status())
                .isEqualTo(409);
        assertThat(sim.controlAnswer("POST", confirmPath("lisi"), msgidBody(msgid))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aCustomerOverTheDailyCapGetsStatus3AndALostFriendStatus2() {
        sim.post("/sim/corps/" + CORP + "/knobs", SimHarness.object().put("massReceiveCap", "1-per-day"));
        String first = add(single("zhangsan", "一", alice)).path("msgid").asString();
        String second = add(single("zhangsan", "二", alice, bob)).path("msgid").asString();
        confirm("zhangsan", first);
        sim.post(
                "/sim/corps/" + CORP + "/customers/" + bob + "/delete-staff",
                SimHarness.object().put("userid", "zhangsan"));

        confirm("zhangsan", second);

        assertThat(statuses(second, "zhangsan")).containsExactly(3, 2);
        assertThat(sendList(second, "zhangsan").get(0).has("send_time")).isFalse();
        sim.clock().advance(Duration.ofDays(1));
        String third = add(single("zhangsan", "三", alice)).path("msgid").asString();
        confirm("zhangsan", third);
        assertThat(statuses(third, "zhangsan")).containsExactly(1);
        assertThat(deliveries()).extracting(d -> d.path("text").asString()).containsExactly("一", "三");
    }

    @Test
    void byDefaultACustomerReceivesAsManyAsTheMonthHasDaysInBeijingTime() {
        // 2026-02-28T16:00Z is already March 1st in Beijing, so the last message opens a new month.
        sim.sim.clock().set(Instant.parse("2026-02-10T00:00:00Z"));
        for (int i = 0; i < 28; i++) {
            confirm(
                    "zhangsan",
                    add(single("zhangsan", "m" + i, alice)).path("msgid").asString());
        }
        String over = add(single("zhangsan", "over", alice)).path("msgid").asString();
        confirm("zhangsan", over);
        sim.sim.clock().set(Instant.parse("2026-02-28T16:00:00Z"));
        String march = add(single("zhangsan", "march", alice)).path("msgid").asString();
        confirm("zhangsan", march);

        assertThat(statuses(over, "zhangsan")).containsExactly(3);
        assertThat(statuses(march, "zhangsan")).containsExactly(1);
    }

    @Test
    void theWeeklyCapCountsMondayToSunday() {
        sim.post("/sim/corps/" + CORP + "/knobs", SimHarness.object().put("massReceiveCap", "7-per-week"));
        sim.sim.clock().set(Instant.parse("2026-01-05T01:00:00Z")); // Monday 09:00 in Beijing
        for (int i = 0; i < 7; i++) {
            confirm(
                    "zhangsan",
                    add(single("zhangsan", "w" + i, alice)).path("msgid").asString());
        }
        String eighth = add(single("zhangsan", "8", alice)).path("msgid").asString();
        confirm("zhangsan", eighth);
        sim.sim.clock().set(Instant.parse("2026-01-11T16:00:00Z")); // next Monday 00:00 in Beijing
        String nextWeek = add(single("zhangsan", "9", alice)).path("msgid").asString();
        confirm("zhangsan", nextWeek);

        assertThat(statuses(eighth, "zhangsan")).containsExactly(3);
        assertThat(statuses(nextWeek, "zhangsan")).containsExactly(1);
    }

    @Test
    void theTagFilterIsOrWithinAGroupAndAndAcrossGroups() {
        String carol = sim.scan(CORP, configId, "Carol").path("externalUserId").asString();
        JsonNode tags = addTags("t1", "t2", "t3");
        String t1 = tags.get(0).path("id").asString();
        String t2 = tags.get(1).path("id").asString();
        String t3 = tags.get(2).path("id").asString();
        tag(alice, t1);
        tag(bob, t2);
        tag(carol, t1, t3);

        ObjectNode both = single("zhangsan", "x");
        ArrayNode groups = both.putObject("tag_filter").putArray("group_list");
        groups.addObject().putArray("tag_list").add(t1).add(t2);
        groups.addObject().putArray("tag_list").add(t3);
        ObjectNode either = single("zhangsan", "y");
        either.putObject("tag_filter")
                .putArray("group_list")
                .addObject()
                .putArray("tag_list")
                .add(t1)
                .add(t2);

        assertThat(recipients(add(both).path("msgid").asString(), "zhangsan")).containsExactly(carol);
        assertThat(recipients(add(either).path("msgid").asString(), "zhangsan")).containsExactly(alice, bob, carol);
    }

    @Test
    void withoutASenderEachCustomerGoesToTheLatestFollowerAsItsOwnTask() {
        String lisiWay = sim.contactWay(CORP, token, "lisi", "l");
        sim.post(
                "/sim/corps/" + CORP + "/scan",
                SimHarness.object().put("configId", lisiWay).put("existingExternalUserId", alice));

        String msgid = add(single("", "hi", alice, bob)).path("msgid").asString();

        JsonNode tasks = sim.apiPost(
                        "/cgi-bin/externalcontact/get_groupmsg_task",
                        token,
                        SimHarness.object().put("msgid", msgid))
                .path("task_list");
        assertThat(tasks).extracting(t -> t.path("userid").asString()).containsExactly("lisi", "zhangsan");
        assertThat(recipients(msgid, "lisi")).containsExactly(alice);
        assertThat(recipients(msgid, "zhangsan")).containsExactly(bob);
    }

    @Test
    void virtualStaffConfirmOnTheirOwnWhenTheClockPassesTheDrawnMoment() {
        ObjectNode knobs = SimHarness.object().put("staffConfirmProbability", 1.0);
        knobs.putArray("staffConfirmDelaySeconds").add(60).add(60);
        sim.post("/sim/corps/" + CORP + "/knobs", knobs);
        long created = sim.sim.clock().epochSecond();
        String msgid = add(single("zhangsan", "auto", alice)).path("msgid").asString();

        sim.sim.clock().advance(Duration.ofSeconds(59));
        assertThat(task(msgid).path("status").asInt()).isZero();
        sim.post("/sim/clock", SimHarness.object().put("advanceSeconds", 3600));

        assertThat(task(msgid).path("status").asInt()).isEqualTo(2);
        assertThat(task(msgid).path("send_time").asLong()).isEqualTo(created + 60);
        assertThat(deliveries().get(0).path("at").asString())
                .isEqualTo(Instant.ofEpochSecond(created + 60).toString());
    }

    @Test
    void staffWhoNeverConfirmLeaveTheTaskUnsent() {
        String msgid = add(single("zhangsan", "never", alice)).path("msgid").asString();

        sim.sim.clock().advance(Duration.ofDays(3));

        assertThat(task(msgid).path("status").asInt()).isZero();
        assertThat(deliveries()).isEmpty();
    }

    @Test
    void groupMassMessagesGoToTheSendersOwnGroupsAndCountPerGroup() {
        sim.post("/sim/corps/" + CORP + "/knobs", SimHarness.object().put("massReceiveCap", "1-per-day"));
        String own = group("zhangsan");
        String other = group("lisi");
        ObjectNode body = SimHarness.object().put("chat_type", "group").put("sender", "zhangsan");
        body.putArray("chat_id_list").add(own).add(other);
        body.putObject("text").put("content", "群发");
        JsonNode created = add(body);
        String msgid = created.path("msgid").asString();
        confirm("zhangsan", msgid);
        String again = add(body).path("msgid").asString();
        confirm("zhangsan", again);

        assertThat(created.path("fail_list")).extracting(JsonNode::asString).containsExactly(other);
        JsonNode sent = sendList(msgid, "zhangsan").get(0);
        assertThat(sent.path("chat_id").asString()).isEqualTo(own);
        assertThat(sent.path("status").asInt()).isEqualTo(1);
        assertThat(statuses(again, "zhangsan")).containsExactly(3);
        assertThat(deliveries()).extracting(d -> d.path("chatId").asString()).containsExactly(own);
        ObjectNode noSender = SimHarness.object().put("chat_type", "group");
        noSender.putObject("text").put("content", "x");
        assertThat(add(noSender).path("errcode").asInt()).isEqualTo(40058);
    }

    @Test
    void remindersAreLimitedToThreeADayAndACancelledMessageIsNeverSent() {
        ObjectNode knobs = SimHarness.object().put("staffConfirmProbability", 1.0);
        knobs.putArray("staffConfirmDelaySeconds").add(600).add(900);
        sim.post("/sim/corps/" + CORP + "/knobs", knobs);
        String msgid = add(single("zhangsan", "c", alice)).path("msgid").asString();
        for (int i = 0; i < 3; i++) {
            assertThat(call("remind_groupmsg_send", msgidBody(msgid))
                            .path("errcode")
                            .asInt())
                    .isZero();
        }
        assertThat(call("remind_groupmsg_send", msgidBody(msgid))
                        .path("errcode")
                        .asInt())
                .isEqualTo(40058);
        sim.clock().advance(Duration.ofSeconds(1));

        assertThat(call("cancel_groupmsg_send", msgidBody(msgid))
                        .path("errcode")
                        .asInt())
                .isZero();
        sim.clock().advance(Duration.ofDays(1));

        assertThat(call("remind_groupmsg_send", msgidBody(msgid))
                        .path("errcode")
                        .asInt())
                .isZero();
        assertThat(task(msgid).path("status").asInt()).isZero();
        assertThat(deliveries()).isEmpty();
        assertThat(sim.controlAnswer("POST", confirmPath("zhangsan"), msgidBody(msgid))
                        .status())
                .isEqualTo(409);
    }

    @Test
    void theListFiltersByTypeAndTimeAndPages() {
        long start = sim.sim.clock().epochSecond();
        String first = add(single("zhangsan", "1", alice)).path("msgid").asString();
        sim.clock().advance(Duration.ofHours(1));
        String second = add(single("zhangsan", "2", bob)).path("msgid").asString();
        ObjectNode query = SimHarness.object()
                .put("chat_type", "single")
                .put("start_time", start)
                .put("end_time", start + 7200)
                .put("limit", 1);

        JsonNode page1 = call("get_groupmsg_list_v2", query);
        JsonNode page2 = call(
                "get_groupmsg_list_v2",
                query.deepCopy().put("cursor", page1.path("next_cursor").asString()));

        assertThat(page1.path("group_msg_list").get(0).path("msgid").asString()).isEqualTo(first);
        assertThat(page1.path("group_msg_list")
                        .get(0)
                        .path("text")
                        .path("content")
                        .asString())
                .isEqualTo("1");
        assertThat(page1.path("group_msg_list").get(0).path("create_type").asInt())
                .isZero();
        assertThat(page2.path("group_msg_list").get(0).path("msgid").asString()).isEqualTo(second);
        assertThat(page2.path("next_cursor").asString()).isEmpty();
        assertThat(call("get_groupmsg_list_v2", query.deepCopy().put("chat_type", "group"))
                        .path("group_msg_list"))
                .isEmpty();
        assertThat(call("get_groupmsg_list_v2", query.deepCopy().put("end_time", start + 40 * 86_400L))
                        .path("errcode")
                        .asInt())
                .isEqualTo(40058);
    }

    @Test
    void malformedRequestsAreRefused() {
        ObjectNode tooMany = single("zhangsan", "x", alice);
        ArrayNode attachments = tooMany.putArray("attachments");
        for (int i = 0; i < 10; i++) {
            attachments.addObject().put("msgtype", "image").putObject("image").put("media_id", "m");
        }
        ObjectNode unknownType = single("zhangsan", "x", alice);
        unknownType.putArray("attachments").addObject().put("msgtype", "voice").putObject("voice");

        assertThat(add(tooMany).path("errcode").asInt()).isEqualTo(40058);
        assertThat(add(unknownType).path("errcode").asInt()).isEqualTo(40008);
        assertThat(add(single("zhangsan", "x".repeat(4001), alice))
                        .path("errcode")
                        .asInt())
                .isEqualTo(40058);
        assertThat(add(single("", "x")).path("errcode").asInt()).isEqualTo(40058);
        JsonNode nobody = add(single("zhangsan", "x", "wmNobody"));
        assertThat(nobody.path("errcode").asInt()).isEqualTo(41048);
        assertThat(nobody.path("fail_list").isArray()).isTrue();
        assertThat(add(single("wangwu", "x", alice)).path("errcode").asInt()).isEqualTo(40003);
        assertThat(call("get_groupmsg_task", SimHarness.object())
                        .path("errcode")
                        .asInt())
                .isEqualTo(41046);
        assertThat(call("get_groupmsg_task", msgidBody("msgNope"))
                        .path("errcode")
                        .asInt())
                .isEqualTo(41047);
    }

    // ---- helpers ----

    private static ObjectNode single(String sender, String text, String... customers) {
        ObjectNode body = SimHarness.object().put("chat_type", "single");
        if (!sender.isEmpty()) {
            body.put("sender", sender);
        }
        ArrayNode ids = body.putArray("external_userid");
        for (String customer : customers) {
            ids.add(customer);
        }
        body.putObject("text").put("content", text);
        return body;
    }

    /** Tokens expire as the clock moves on, so each call fetches the current one as a client would. */
    private JsonNode add(ObjectNode body) {
        return sim.apiPost(ADD, sim.token(CORP), body);
    }

    private JsonNode call(String endpoint, ObjectNode body) {
        return sim.apiPost("/cgi-bin/externalcontact/" + endpoint, sim.token(CORP), body);
    }

    private static ObjectNode msgidBody(String msgid) {
        return SimHarness.object().put("msgid", msgid);
    }

    private static String confirmPath(String userid) {
        return "/sim/corps/" + CORP + "/staff/" + userid + "/confirm-mass";
    }

    private JsonNode confirm(String userid, String msgid) {
        return sim.post(confirmPath(userid), msgidBody(msgid));
    }

    private JsonNode task(String msgid) {
        JsonNode answer = call("get_groupmsg_task", msgidBody(msgid));
        assertThat(answer.path("errcode").asInt()).as(answer.toString()).isZero();
        return answer.path("task_list").get(0);
    }

    private JsonNode sendList(String msgid, String userid) {
        JsonNode answer = call("get_groupmsg_send_result", msgidBody(msgid).put("userid", userid));
        assertThat(answer.path("errcode").asInt()).as(answer.toString()).isZero();
        return answer.path("send_list");
    }

    private List<Integer> statuses(String msgid, String userid) {
        return sendList(msgid, userid)
                .valueStream()
                .map(s -> s.path("status").asInt())
                .toList();
    }

    private List<String> recipients(String msgid, String userid) {
        return sendList(msgid, userid)
                .valueStream()
                .map(s -> s.path("external_userid").asString())
                .toList();
    }

    private List<JsonNode> deliveries() {
        return sim.get("/sim/corps/" + CORP + "/deliveries")
                .valueStream()
                .filter(d -> d.path("kind").asString().equals("mass"))
                .toList();
    }

    private JsonNode addTags(String... names) {
        ObjectNode body = SimHarness.object().put("group_name", "g");
        ArrayNode tags = body.putArray("tag");
        for (String name : names) {
            tags.addObject().put("name", name);
        }
        return sim.apiPost("/cgi-bin/externalcontact/add_corp_tag", token, body)
                .path("tag_group")
                .path("tag");
    }

    private void tag(String customer, String... tagIds) {
        ObjectNode body = SimHarness.object().put("userid", "zhangsan").put("external_userid", customer);
        ArrayNode add = body.putArray("add_tag");
        for (String tagId : tagIds) {
            add.add(tagId);
        }
        assertThat(sim.apiPost("/cgi-bin/externalcontact/mark_tag", token, body)
                        .path("errcode")
                        .asInt())
                .isZero();
    }

    private String group(String owner) {
        ObjectNode body = SimHarness.object().put("owner", owner).put("name", owner + "的群");
        body.putArray("memberExternalUserIds").add(alice);
        return sim.post("/sim/corps/" + CORP + "/groups", body).path("chatId").asString();
    }
}
