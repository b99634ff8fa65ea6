package io.moat.wecomsim.archive;

import static io.moat.wecomsim.support.SimHarness.CORP;
import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.support.SimHarness;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The msgaudit stand-in (wecom-api.md §9): what people say, in seq order, in GetChatData's decrypted shape. */
class ArchiveFeedTests {

    final SimHarness sim = SimHarness.start();
    final String token;
    final String configId;
    final String alice;
    final String bob;
    final String chatId;

    {
        sim.createCorp();
        sim.addStaff(CORP, "zhangsan", "张三");
        sim.addStaff(CORP, "lisi", "李四");
        token = sim.token(CORP);
        configId = sim.contactWay(CORP, token, "zhangsan", "s");
        alice = sim.scan(CORP, configId, "Alice").path("externalUserId").asString();
        bob = sim.scan(CORP, configId, "Bob").path("externalUserId").asString();
        ObjectNode group = SimHarness.object().put("owner", "zhangsan").put("name", "群");
        group.putArray("memberExternalUserIds").add(alice).add(bob);
        chatId =
                sim.post("/sim/corps/" + CORP + "/groups", group).path("chatId").asString();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void groupAndOneToOneMessagesAppearInTheFeedWithExactlyTheChatdataFields() {
        groupSay(alice, "有优惠吗？");
        sim.clock().advance(Duration.ofSeconds(30));
        sim.post(
                "/sim/corps/" + CORP + "/customers/" + bob + "/say",
                SimHarness.object().put("to", "zhangsan").put("content", "在吗"));
        sim.post(
                "/sim/corps/" + CORP + "/staff/zhangsan/say",
                SimHarness.object().put("to", bob).put("content", "在的"));

        JsonNode feed = sim.get("/sim/corps/" + CORP + "/msgaudit?seq=0&limit=10");

        assertThat(fieldNames(feed)).containsExactly("errcode", "chatdata");
        assertThat(feed.path("errcode").asInt()).isZero();
        JsonNode inGroup = feed.path("chatdata").get(0);
        assertThat(fieldNames(inGroup))
                .containsExactly("seq", "msgid", "action", "from", "tolist", "roomid", "msgtime", "msgtype", "text");
        assertThat(inGroup.path("seq").asLong()).isEqualTo(1);
        assertThat(inGroup.path("action").asString()).isEqualTo("send");
        assertThat(inGroup.path("from").asString()).isEqualTo(alice);
        assertThat(inGroup.path("tolist")).extracting(JsonNode::asString).containsExactly("zhangsan", bob);
        assertThat(inGroup.path("roomid").asString()).isEqualTo(chatId);
        assertThat(inGroup.path("msgtime").asLong())
                .isEqualTo(sim.clock().instant().minusSeconds(30).toEpochMilli());
        assertThat(inGroup.path("msgtype").asString()).isEqualTo("text");
        assertThat(inGroup.path("text").path("content").asString()).isEqualTo("有优惠吗？");
        JsonNode direct = feed.path("chatdata").get(1);
        assertThat(direct.path("roomid").asString()).isEmpty();
        assertThat(direct.path("from").asString()).isEqualTo(bob);
        assertThat(direct.path("tolist")).extracting(JsonNode::asString).containsExactly("zhangsan");
        assertThat(feed.path("chatdata").get(2).path("from").asString()).isEqualTo("zhangsan");
        assertThat(feed.path("chatdata"))
                .extracting(m -> m.path("msgid").asString())
                .doesNotHaveDuplicates();
    }

    @Test
    void theFeedAnswersMessagesAfterTheSeqUpToTheLimitWithoutAToken() {
        for (int i = 1; i <= 5; i++) {
            groupSay(alice, "m" + i);
        }

        JsonNode page = sim.get("/sim/corps/" + CORP + "/msgaudit?seq=2&limit=2");
        JsonNode rest = sim.get("/sim/corps/" + CORP + "/msgaudit?seq=4");
        JsonNode tooMany = sim.get("/sim/corps/" + CORP + "/msgaudit?seq=0&limit=1001");

        assertThat(page.path("chatdata"))
                .extracting(m -> m.path("seq").asLong())
                .containsExactly(3L, 4L);
        assertThat(rest.path("chatdata"))
                .extracting(m -> m.path("text").path("content").asString())
                .containsExactly("m5");
        assertThat(tooMany.path("errcode").asInt()).isEqualTo(10000);
    }

    @Test
    void onlyMembersSpeakInAGroupAndOnlyFollowersOneToOne() {
        assertThat(sim.controlAnswer(
                                "POST",
                                "/sim/corps/" + CORP + "/groups/" + chatId + "/say",
                                SimHarness.object().put("from", "lisi").put("content", "x"))
                        .status())
                .isEqualTo(400);
        assertThat(sim.controlAnswer(
                                "POST",
                                "/sim/corps/" + CORP + "/customers/" + alice + "/say",
                                SimHarness.object().put("to", "lisi").put("content", "x"))
                        .status())
                .isEqualTo(409);
        assertThat(sim.controlAnswer(
                                "POST",
                                "/sim/corps/" + CORP + "/groups/" + chatId + "/say",
                                SimHarness.object()
                                        .put("from", alice)
                                        .put("msgtype", "image")
                                        .put("content", "x"))
                        .status())
                .isEqualTo(400);
        assertThat(sim.get("/sim/corps/" + CORP + "/msgaudit").path("chatdata")).isEmpty();
    }

    @Test
    void welcomeAndConfirmedMassMessagesAreArchivedAsTheMembersOwn() {
        String carol = sim.scan(CORP, configId, "Carol").path("welcomeCode").asString();
        ObjectNode welcome = SimHarness.object().put("welcome_code", carol);
        welcome.putObject("text").put("content", "欢迎");
        assertThat(sim.apiPost("/cgi-bin/externalcontact/send_welcome_msg", token, welcome)
                        .path("errcode")
                        .asInt())
                .isZero();
        ObjectNode mass = SimHarness.object().put("sender", "zhangsan");
        mass.putArray("external_userid").add(alice);
        mass.putObject("text").put("content", "上新");
        String msgid = sim.apiPost("/cgi-bin/externalcontact/add_msg_template", token, mass)
                .path("msgid")
                .asString();
        sim.post(
                "/sim/corps/" + CORP + "/staff/zhangsan/confirm-mass",
                SimHarness.object().put("msgid", msgid));

        List<String> said = sim.get("/sim/corps/" + CORP + "/msgaudit")
                .path("chatdata")
                .valueStream()
                .map(m -> m.path("from").asString() + ">"
                        + m.path("tolist").get(0).asString() + ":"
                        + m.path("text").path("content").asString())
                .toList();

        assertThat(said).hasSize(2);
        assertThat(said.get(0)).startsWith("zhangsan>wm").endsWith(":欢迎");
        assertThat(said.get(1)).isEqualTo("zhangsan>" + alice + ":上新");
    }

    @Test
    void aMassMessageWithoutSenderGoesToTheMemberTheCustomerLastTalkedTo() {
        String lisiWay = sim.contactWay(CORP, token, "lisi", "l");
        sim.post(
                "/sim/corps/" + CORP + "/scan",
                SimHarness.object().put("configId", lisiWay).put("existingExternalUserId", alice));
        sim.post(
                "/sim/corps/" + CORP + "/customers/" + alice + "/say",
                SimHarness.object().put("to", "zhangsan").put("content", "你好"));
        ObjectNode mass = SimHarness.object();
        mass.putArray("external_userid").add(alice);
        mass.putObject("text").put("content", "x");

        String msgid = sim.apiPost("/cgi-bin/externalcontact/add_msg_template", token, mass)
                .path("msgid")
                .asString();

        JsonNode tasks = sim.apiPost(
                        "/cgi-bin/externalcontact/get_groupmsg_task",
                        token,
                        SimHarness.object().put("msgid", msgid))
                .path("task_list");
        assertThat(tasks).extracting(t -> t.path("userid").asString()).containsExactly("zhangsan");
    }

    private void groupSay(String from, String content) {
        sim.post(
                "/sim/corps/" + CORP + "/groups/" + chatId + "/say",
                SimHarness.object().put("from", from).put("msgtype", "text").put("content", content));
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.propertyNames().stream().toList();
    }
}
