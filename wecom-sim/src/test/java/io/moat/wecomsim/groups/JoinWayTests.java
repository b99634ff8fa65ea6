package io.moat.wecomsim.groups;

import static io.moat.wecomsim.support.SimHarness.CORP;
import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.support.CallbackReceiver;
import io.moat.wecomsim.support.SimHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Group join ways (wecom-api.md §6): CRUD, and scans that seat customers in the first group with room. */
class JoinWayTests {

    final SimHarness sim = SimHarness.start();
    final CallbackReceiver receiver = new CallbackReceiver(CORP);
    final String first;
    final String second;

    {
        sim.createCorp();
        sim.addStaff(CORP, "zhangsan", "张三");
        first = group("一群", 498); // with the owner: one seat left
        second = group("二群", 0);
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.close();
    }

    @Test
    void aJoinWayIsAddedReadUpdatedAndDeleted() {
        ObjectNode body = way(1, "poster_0615", first);
        body.put("remark", "一二三四五六七八九十".repeat(4));

        String configId = call("add_join_way", body).path("config_id").asString();
        JsonNode read = get(configId);

        assertThat(configId).matches("[0-9a-f]{32}");
        assertThat(read.path("scene").asInt()).isEqualTo(2);
        assertThat(read.path("state").asString()).isEqualTo("poster_0615");
        assertThat(read.path("remark").asString()).hasSize(30);
        assertThat(read.path("qr_code").asString()).startsWith("https://");
        assertThat(read.path("chat_id_list")).extracting(JsonNode::asString).containsExactly(first);
        assertThat(call("update_join_way", way(0, "new", second).put("config_id", configId))
                        .path("errcode")
                        .asInt())
                .isZero();
        assertThat(get(configId).path("state").asString()).isEqualTo("new");
        assertThat(get(configId).path("auto_create_room").asInt()).isZero();
        assertThat(get(configId).path("qr_code").asString())
                .isEqualTo(read.path("qr_code").asString());
        assertThat(call("del_join_way", SimHarness.object().put("config_id", configId))
                        .path("errcode")
                        .asInt())
                .isZero();
        assertThat(call("get_join_way", SimHarness.object().put("config_id", configId))
                        .path("errcode")
                        .asInt())
                .isEqualTo(40058);
    }

    @Test
    void invalidJoinWaysAreRefused() {
        assertThat(call("add_join_way", way(1, "s", first, first, first, first, first, second))
                        .path("errcode")
                        .asInt())
                .isEqualTo(40058);
        assertThat(call("add_join_way", way(1, "x".repeat(31), first))
                        .path("errcode")
                        .asInt())
                .isEqualTo(40058);
        assertThat(call("add_join_way", way(1, "s", "wrNoSuchGroup"))
                        .path("errcode")
                        .asInt())
                .isEqualTo(40058);
        assertThat(call("add_join_way", way(1, "s", first).put("scene", 3))
                        .path("errcode")
                        .asInt())
                .isEqualTo(40058);
    }

    @Test
    void scansFillTheFirstGroupWithRoomThenOpenANewRoom() {
        String configId = call(
                        "add_join_way",
                        way(1, "poster", first, second)
                                .put("room_base_name", "福利群")
                                .put("room_base_id", 7))
                .path("config_id")
                .asString();
        sim.control(
                "PUT",
                "/sim/corps/" + CORP + "/callback",
                SimHarness.object()
                        .put("callbackUrl", receiver.url())
                        .put("token", CallbackReceiver.TOKEN)
                        .put("encodingAesKey", CallbackReceiver.AES_KEY));

        JsonNode a = scan(configId, "wmA");
        JsonNode b = scan(configId, "wmB");
        fill(second, 498);
        JsonNode c = scan(configId, "wmC");
        JsonNode again = scan(configId, "wmA");

        assertThat(a.path("chatId").asString()).isEqualTo(first);
        assertThat(b.path("chatId").asString()).isEqualTo(second);
        assertThat(c.path("createdRoom").asBoolean()).isTrue();
        String room = c.path("chatId").asString();
        assertThat(again.path("alreadyMember").asBoolean()).isTrue();
        assertThat(again.path("chatId").asString()).isEqualTo(first);
        JsonNode member = sim.apiPost(
                        "/cgi-bin/externalcontact/groupchat/get",
                        sim.token(CORP),
                        SimHarness.object().put("chat_id", first))
                .path("group_chat")
                .path("member_list")
                .get(499);
        assertThat(member.path("userid").asString()).isEqualTo("wmA");
        assertThat(member.path("join_scene").asInt()).isEqualTo(3);
        assertThat(member.path("state").asString()).isEqualTo("poster");
        var pushes = receiver.await(r -> r.size() == 5);
        assertThat(pushes.get(0).event())
                .containsEntry("UpdateDetail", "add_member")
                .containsEntry("JoinScene", "3")
                .containsEntry("MemChangeList", "wmA");
        // pushes.get(2) is the filling of the second group
        assertThat(pushes.get(3).event()).containsEntry("ChangeType", "create").containsEntry("ChatId", room);
        assertThat(pushes.get(4).event()).containsEntry("ChatId", room).containsEntry("MemChangeList", "wmC");
        JsonNode way = get(configId);
        assertThat(way.path("chat_id_list")).extracting(JsonNode::asString).containsExactly(first, second, room);
        assertThat(way.path("room_base_id").asLong()).isEqualTo(8);
        JsonNode opened = sim.apiPost(
                        "/cgi-bin/externalcontact/groupchat/get",
                        sim.token(CORP),
                        SimHarness.object().put("chat_id", room))
                .path("group_chat");
        assertThat(opened.path("name").asString()).isEqualTo("福利群7");
        assertThat(opened.path("owner").asString()).isEqualTo("zhangsan");
    }

    @Test
    void withoutAutoCreateAFullWayRefusesTheScan() {
        String configId =
                call("add_join_way", way(0, "s", first)).path("config_id").asString();
        scan(configId, "wmA");

        assertThat(sim.controlAnswer(
                                "POST",
                                "/sim/corps/" + CORP + "/join-ways/" + configId + "/scan",
                                SimHarness.object().put("externalUserId", "wmB"))
                        .status())
                .isEqualTo(409);
    }

    @Test
    void groupWelcomeTemplatesKeepTextAndOneAttachment() {
        ObjectNode body = SimHarness.object();
        body.putObject("text").put("content", "欢迎%NICKNAME%入群");
        body.putObject("image").put("pic_url", "http://p.qpic.cn/pic.png");
        String templateId = welcome("add", body).path("template_id").asString();
        ObjectNode edit = SimHarness.object().put("template_id", templateId);
        edit.putObject("text").put("content", "新欢迎语");

        assertThat(welcome("edit", edit).path("errcode").asInt()).isZero();
        JsonNode read = welcome("get", SimHarness.object().put("template_id", templateId));

        assertThat(read.path("text").path("content").asString()).isEqualTo("新欢迎语");
        assertThat(read.path("image").path("pic_url").asString()).isEqualTo("http://p.qpic.cn/pic.png");
        ObjectNode two = body.deepCopy();
        two.putObject("link").put("title", "t").put("url", "http://x");
        assertThat(welcome("add", two).path("errcode").asInt()).isEqualTo(40058);
        ObjectNode longText = SimHarness.object();
        longText.putObject("text").put("content", "字".repeat(1001));
        assertThat(welcome("add", longText).path("errcode").asInt()).isEqualTo(40058);
        assertThat(welcome("del", SimHarness.object().put("template_id", templateId))
                        .path("errcode")
                        .asInt())
                .isZero();
        assertThat(welcome("get", SimHarness.object().put("template_id", templateId))
                        .path("errcode")
                        .asInt())
                .isEqualTo(40058);
    }

    private String group(String name, int extraMembers) {
        ObjectNode body = SimHarness.object().put("owner", "zhangsan").put("name", name);
        ArrayNode members = body.putArray("memberExternalUserIds");
        for (int i = 0; i < extraMembers; i++) {
            members.add("wmFiller" + name + i);
        }
        return sim.post("/sim/corps/" + CORP + "/groups", body).path("chatId").asString();
    }

    private void fill(String chatId, int count) {
        ObjectNode body = SimHarness.object().put("joinScene", 2);
        ArrayNode ids = body.putArray("externalUserIds");
        for (int i = 0; i < count; i++) {
            ids.add("wmLater" + i);
        }
        sim.post("/sim/corps/" + CORP + "/groups/" + chatId + "/join", body);
    }

    private static ObjectNode way(int autoCreate, String state, String... chats) {
        ObjectNode body = SimHarness.object()
                .put("scene", 2)
                .put("auto_create_room", autoCreate)
                .put("state", state);
        ArrayNode list = body.putArray("chat_id_list");
        for (String chat : chats) {
            list.add(chat);
        }
        return body;
    }

    private JsonNode call(String path, ObjectNode body) {
        return sim.apiPost("/cgi-bin/externalcontact/groupchat/" + path, sim.token(CORP), body);
    }

    private JsonNode get(String configId) {
        JsonNode answer = call("get_join_way", SimHarness.object().put("config_id", configId));
        assertThat(answer.path("errcode").asInt()).as(answer.toString()).isZero();
        return answer.path("join_way");
    }

    private JsonNode scan(String configId, String externalUserId) {
        return sim.post(
                "/sim/corps/" + CORP + "/join-ways/" + configId + "/scan",
                SimHarness.object().put("externalUserId", externalUserId));
    }

    private JsonNode welcome(String path, ObjectNode body) {
        return sim.apiPost("/cgi-bin/externalcontact/group_welcome_template/" + path, sim.token(CORP), body);
    }
}
