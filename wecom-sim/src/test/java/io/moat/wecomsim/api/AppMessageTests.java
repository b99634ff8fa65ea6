package io.moat.wecomsim.api;

import static io.moat.wecomsim.support.SimHarness.CORP;
import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.support.SimHarness;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** App messages to members, their 30-a-minute limit per member, and the network knobs of the sending benchmark. */
class AppMessageTests {

    final SimHarness sim = SimHarness.start();
    final String token;
    final long agentId;

    {
        sim.createCorp();
        sim.addStaff(CORP, "zhangsan", "张三");
        sim.addStaff(CORP, "lisi", "李四");
        token = sim.token(CORP);
        agentId = 1000002;
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aMemberGetsThirtyAMinuteAndTheThirtyFirstIs45009() {
        for (int i = 0; i < 30; i++) {
            assertThat(send("zhangsan", "任务 " + i).path("errcode").asInt()).isZero();
        }
        assertThat(send("zhangsan", "多一条").path("errcode").asInt()).isEqualTo(45009);
        assertThat(send("lisi", "别人的").path("errcode").asInt()).as("per member").isZero();
        sim.sim.clock().advance(Duration.ofSeconds(61));
        assertThat(send("zhangsan", "下一分钟").path("errcode").asInt()).isZero();

        assertThat(appMessages("zhangsan")).isEqualTo(31);
    }

    @Test
    void inDropModeTheExcessIsAnsweredOkButNotDelivered() {
        sim.post("/sim/corps/" + CORP + "/knobs", Map.of("appMessageExcess", "drop"));
        for (int i = 0; i < 32; i++) {
            assertThat(send("zhangsan", "任务 " + i).path("errcode").asInt()).isZero();
        }
        assertThat(sim.get("/sim/corps/" + CORP + "/deliveries")
                        .valueStream()
                        .filter(d -> d.path("kind").asString().equals("app_msg")))
                .hasSize(30);
    }

    @Test
    void unknownMembersComeBackAsInvalidAndAWrongAgentIsRefused() {
        JsonNode answer = send("zhangsan|nobody", "你好");
        assertThat(answer.path("errcode").asInt()).isZero();
        assertThat(answer.path("invaliduser").asString()).isEqualTo("nobody");
        JsonNode wrongAgent = sim.apiPost(
                "/cgi-bin/message/send",
                token,
                Map.of(
                        "touser",
                        "zhangsan",
                        "msgtype",
                        "text",
                        "agentid",
                        agentId + 1,
                        "text",
                        Map.of("content", "x")));
        assertThat(wrongAgent.path("errcode").asInt()).isEqualTo(301002);
    }

    @Test
    void serverErrorsAnswer502AndLatencyKnobsAreShown() {
        var knobs = sim.post(
                "/sim/corps/" + CORP + "/knobs", Map.of("latencyMillis", new int[] {0, 2}, "serverErrors", 1.0));
        assertThat(knobs.path("latencyMillis").get(1).asInt()).isEqualTo(2);
        var answer = sim.send("GET", "/cgi-bin/externalcontact/get_follow_user_list?access_token=" + token, null);
        assertThat(answer.status()).isEqualTo(502);
        assertThat(sim.controlAnswer("POST", "/sim/corps/" + CORP + "/knobs", Map.of("latencyMillis", new int[] {5, 1}))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void aRepeatedRequestWithDuplicateCheckIsAnsweredOkButReceivedOnceWithinItsInterval() {
        Map<String, Object> checked = Map.of(
                "touser",
                "zhangsan",
                "msgtype",
                "text",
                "agentid",
                agentId,
                "text",
                Map.of("content", "有 3 个群发任务待确认"),
                "enable_duplicate_check",
                1,
                "duplicate_check_interval",
                600);
        assertThat(sim.apiPost("/cgi-bin/message/send", token, checked)
                        .path("errcode")
                        .asInt())
                .isZero();
        assertThat(sim.apiPost("/cgi-bin/message/send", token, checked)
                        .path("errcode")
                        .asInt())
                .isZero();
        assertThat(send("zhangsan", "有 3 个群发任务待确认").path("errcode").asInt())
                .as("without the check the same text is received again")
                .isZero();
        assertThat(appMessages("zhangsan")).isEqualTo(2);

        sim.sim.clock().advance(Duration.ofSeconds(601));
        assertThat(sim.apiPost("/cgi-bin/message/send", token, checked)
                        .path("errcode")
                        .asInt())
                .isZero();
        assertThat(appMessages("zhangsan"))
                .as("past the interval it is a new message")
                .isEqualTo(3);

        var tooLong = new java.util.HashMap<>(checked);
        tooLong.put("duplicate_check_interval", 14_401);
        assertThat(sim.apiPost("/cgi-bin/message/send", token, tooLong)
                        .path("errcode")
                        .asInt())
                .isEqualTo(40058);
    }

    @Test
    void aLostAnswerIsServedInFullButTheCallerSees502() {
        sim.post("/sim/corps/" + CORP + "/knobs", Map.of("lostAnswers", 1.0));
        var answer = sim.send(
                "POST",
                "/cgi-bin/message/send?access_token=" + token,
                "{\"touser\":\"lisi\",\"msgtype\":\"text\",\"agentid\":" + agentId
                        + ",\"text\":{\"content\":\"丢了回执\"}}");
        assertThat(answer.status()).isEqualTo(502);
        assertThat(appMessages("lisi")).as("WeCom did the work").isEqualTo(1);
        assertThat(sim.controlAnswer("POST", "/sim/corps/" + CORP + "/knobs", Map.of("lostAnswers", 2.0))
                        .status())
                .isEqualTo(400);
    }

    private long appMessages(String userId) {
        return sim.get("/sim/corps/" + CORP + "/deliveries")
                .valueStream()
                .filter(d -> d.path("kind").asString().equals("app_msg"))
                .filter(d -> d.path("userId").asString().equals(userId))
                .count();
    }

    private JsonNode send(String to, String text) {
        return sim.apiPost(
                "/cgi-bin/message/send",
                token,
                Map.of("touser", to, "msgtype", "text", "agentid", agentId, "text", Map.of("content", text)));
    }
}
