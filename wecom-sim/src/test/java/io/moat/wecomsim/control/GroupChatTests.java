package io.moat.wecomsim.control;

import static io.moat.wecomsim.support.SimHarness.CORP;
import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.support.CallbackReceiver;
import io.moat.wecomsim.support.SimHarness;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Customer groups: change_external_chat events with member versions, and what groupchat/get and list show. */
class GroupChatTests {

    final SimHarness sim = SimHarness.start();
    final CallbackReceiver receiver = new CallbackReceiver(CORP);
    final String token;
    final String alice;
    final String bob;

    {
        sim.createCorp();
        sim.addStaff(CORP, "zhangsan", "张三");
        sim.addStaff(CORP, "lisi", "李四");
        token = sim.token(CORP);
        String configId = sim.contactWay(CORP, token, "zhangsan", "group_seed");
        alice = sim.scan(CORP, configId, "Alice").path("externalUserId").asString();
        bob = sim.scan(CORP, configId, "Bob").path("externalUserId").asString();
        sim.control(
                "PUT",
                "/sim/corps/" + CORP + "/callback",
                SimHarness.object()
                        .put("callbackUrl", receiver.url())
                        .put("token", CallbackReceiver.TOKEN)
                        .put("encodingAesKey", CallbackReceiver.AES_KEY));
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.close();
    }

    @Test
    void aNewGroupIsPushedAndReadable() {
        JsonNode created = createGroup("VIP 群", alice);
        String chatId = created.path("chatId").asString();

        assertThat(chatId).startsWith("wr").hasSize(30);
        assertThat(receiver.await(r -> r.size() == 1).getFirst().event())
                .containsEntry("Event", "change_external_chat")
                .containsEntry("ChatId", chatId)
                .containsEntry("ChangeType", "create");

        JsonNode chat = groupChat(chatId, 1);
        assertThat(chat.path("name").asString()).isEqualTo("VIP 群");
        assertThat(chat.path("owner").asString()).isEqualTo("zhangsan");
        assertThat(chat.path("member_version").asString())
                .isEqualTo(created.path("memberVersion").asString());
        JsonNode owner = chat.path("member_list").get(0);
        assertThat(owner.path("userid").asString()).isEqualTo("zhangsan");
        assertThat(owner.path("type").asInt()).isEqualTo(1);
        assertThat(owner.has("invitor")).isFalse();
        JsonNode member = chat.path("member_list").get(1);
        assertThat(member.path("userid").asString()).isEqualTo(alice);
        assertThat(member.path("type").asInt()).isEqualTo(2);
        assertThat(member.path("join_scene").asInt()).isEqualTo(1);
        assertThat(member.path("invitor").path("userid").asString()).isEqualTo("zhangsan");
        assertThat(member.path("name").asString()).isEqualTo("Alice");
        assertThat(groupChat(chatId, 0).path("member_list").get(1).has("name")).isFalse();
    }

    @Test
    void joiningAndQuittingPushMemberChangesWithVersions() {
        JsonNode created = createGroup("群", alice);
        String chatId = created.path("chatId").asString();
        String v1 = created.path("memberVersion").asString();

        ObjectNode join = SimHarness.object().put("joinScene", 3).put("state", "poster_0615");
        join.putArray("externalUserIds").add(bob);
        JsonNode joined = sim.post("/sim/corps/" + CORP + "/groups/" + chatId + "/join", join);
        String v2 = joined.path("memberVersion").asString();
        ObjectNode quit = SimHarness.object().put("quitScene", 1);
        quit.putArray("externalUserIds").add(alice);
        String v3 = sim.post("/sim/corps/" + CORP + "/groups/" + chatId + "/quit", quit)
                .path("memberVersion")
                .asString();

        var pushes = receiver.await(r -> r.size() == 3);
        Map<String, String> add = pushes.get(1).event();
        assertThat(add)
                .containsEntry("ChangeType", "update")
                .containsEntry("UpdateDetail", "add_member")
                .containsEntry("JoinScene", "3")
                .containsEntry("MemChangeCnt", "1")
                .containsEntry("MemChangeList", bob)
                .containsEntry("LastMemVer", v1)
                .containsEntry("CurMemVer", v2);
        Map<String, String> del = pushes.get(2).event();
        assertThat(del)
                .containsEntry("UpdateDetail", "del_member")
                .containsEntry("QuitScene", "1")
                .containsEntry("MemChangeList", alice)
                .containsEntry("LastMemVer", v2)
                .containsEntry("CurMemVer", v3);
        assertThat(v1).isNotEqualTo(v2).isNotEqualTo(v3);

        JsonNode chat = groupChat(chatId, 0);
        assertThat(chat.path("member_version").asString()).isEqualTo(v3);
        assertThat(chat.path("member_list"))
                .extracting(m -> m.path("userid").asString())
                .containsExactly("zhangsan", bob);
        JsonNode bobMember = chat.path("member_list").get(1);
        assertThat(bobMember.path("join_scene").asInt()).isEqualTo(3);
        assertThat(bobMember.path("state").asString()).isEqualTo("poster_0615");
    }

    @Test
    void aJoinByLinkIsReportedAsAnInvitationInTheEvent() {
        String chatId = createGroup("群").path("chatId").asString();
        ObjectNode join = SimHarness.object().put("joinScene", 2);
        join.putArray("externalUserIds").add(alice);

        sim.post("/sim/corps/" + CORP + "/groups/" + chatId + "/join", join);

        assertThat(receiver.await(r -> r.size() == 2).get(1).event()).containsEntry("JoinScene", "0");
        assertThat(groupChat(chatId, 0)
                        .path("member_list")
                        .get(1)
                        .path("join_scene")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void renamingAndDismissingArePushedAndADismissedGroupIsGone() {
        String chatId = createGroup("旧名").path("chatId").asString();

        sim.post(
                "/sim/corps/" + CORP + "/groups/" + chatId + "/rename",
                SimHarness.object().put("name", "新名"));
        assertThat(groupChat(chatId, 0).path("name").asString()).isEqualTo("新名");
        sim.post("/sim/corps/" + CORP + "/groups/" + chatId + "/dismiss", SimHarness.object());

        var pushes = receiver.await(r -> r.size() == 3);
        assertThat(pushes.get(1).event()).containsEntry("UpdateDetail", "change_name");
        assertThat(pushes.get(2).event()).containsEntry("ChangeType", "dismiss").containsEntry("ChatId", chatId);
        JsonNode gone = sim.apiPost(
                "/cgi-bin/externalcontact/groupchat/get",
                token,
                SimHarness.object().put("chat_id", chatId));
        assertThat(gone.path("errcode").asInt()).isEqualTo(40058);
        assertThat(list(SimHarness.object().put("limit", 10)).path("group_chat_list"))
                .isEmpty();
    }

    @Test
    void theListPagesByCursorFiltersByOwnerAndRequiresALimit() {
        String first = createGroup("1").path("chatId").asString();
        String second = createGroup("2").path("chatId").asString();
        ObjectNode byLisi = SimHarness.object().put("owner", "lisi").put("name", "3");
        String third = sim.post("/sim/corps/" + CORP + "/groups", byLisi)
                .path("chatId")
                .asString();

        JsonNode page1 = list(SimHarness.object().put("limit", 2));
        JsonNode page2 = list(SimHarness.object()
                .put("limit", 2)
                .put("cursor", page1.path("next_cursor").asString()));
        ObjectNode owned = SimHarness.object().put("limit", 10);
        owned.putObject("owner_filter").putArray("userid_list").add("lisi");

        assertThat(page1.path("group_chat_list"))
                .extracting(c -> c.path("chat_id").asString())
                .containsExactly(first, second);
        assertThat(page1.path("group_chat_list").get(0).path("status").asInt()).isZero();
        assertThat(page2.path("group_chat_list"))
                .extracting(c -> c.path("chat_id").asString())
                .containsExactly(third);
        assertThat(page2.path("next_cursor").asString()).isEmpty();
        assertThat(list(owned).path("group_chat_list"))
                .extracting(c -> c.path("chat_id").asString())
                .containsExactly(third);
        JsonNode noLimit = list(SimHarness.object());
        assertThat(noLimit.path("errcode").asInt()).isEqualTo(40058);
        assertThat(noLimit.path("group_chat_list").isArray()).isTrue();
        assertThat(list(SimHarness.object().put("limit", 1001)).path("errcode").asInt())
                .isEqualTo(40058);
    }

    private JsonNode createGroup(String name, String... externalMembers) {
        ObjectNode body = SimHarness.object().put("owner", "zhangsan").put("name", name);
        var members = body.putArray("memberExternalUserIds");
        for (String member : externalMembers) {
            members.add(member);
        }
        return sim.post("/sim/corps/" + CORP + "/groups", body);
    }

    private JsonNode groupChat(String chatId, int needName) {
        JsonNode answer = sim.apiPost(
                "/cgi-bin/externalcontact/groupchat/get",
                token,
                SimHarness.object().put("chat_id", chatId).put("need_name", needName));
        assertThat(answer.path("errcode").asInt()).as(answer.toString()).isZero();
        return answer.path("group_chat");
    }

    private JsonNode list(ObjectNode body) {
        return sim.apiPost("/cgi-bin/externalcontact/groupchat/list", token, body);
    }
}
