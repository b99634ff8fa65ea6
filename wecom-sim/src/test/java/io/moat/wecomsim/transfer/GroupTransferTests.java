package io.moat.wecomsim.transfer;

import static io.moat.wecomsim.support.SimHarness.CORP;
import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.support.CallbackReceiver;
import io.moat.wecomsim.support.SimHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** groupchat/transfer and groupchat/onjob_transfer: who may hand a group on, how often, and what is pushed. */
class GroupTransferTests {

    final SimHarness sim = SimHarness.start();
    final CallbackReceiver receiver = new CallbackReceiver(CORP);

    {
        sim.createCorp();
        sim.addStaff(CORP, "zhangsan", "张三");
        sim.addStaff(CORP, "lisi", "李四");
        sim.addStaff(CORP, "wangwu", "王五");
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.close();
    }

    @Test
    void anOnJobTransferChangesTheOwnerAtMostTwiceIn90Days() {
        String chat = group("zhangsan");
        sim.control(
                "PUT",
                "/sim/corps/" + CORP + "/callback",
                SimHarness.object()
                        .put("callbackUrl", receiver.url())
                        .put("token", CallbackReceiver.TOKEN)
                        .put("encodingAesKey", CallbackReceiver.AES_KEY));

        assertThat(failures("groupchat/transfer", "lisi", chat)).containsExactly(90500);
        assertThat(failures("groupchat/onjob_transfer", "lisi", chat)).isEmpty();

        var pushes = receiver.await(r -> r.size() == 2);
        assertThat(pushes.get(0).event())
                .containsEntry("UpdateDetail", "add_member")
                .containsEntry("MemChangeList", "lisi");
        assertThat(pushes.get(1).event())
                .containsEntry("ChangeType", "update")
                .containsEntry("UpdateDetail", "change_owner")
                .containsEntry("ChatId", chat);
        assertThat(owner(chat)).isEqualTo("lisi");
        assertThat(failures("groupchat/onjob_transfer", "lisi", chat)).containsExactly(90504);
        assertThat(failures("groupchat/onjob_transfer", "zhangsan", chat)).isEmpty();
        assertThat(failures("groupchat/onjob_transfer", "lisi", chat)).containsExactly(40128);
        assertThat(failures("groupchat/onjob_transfer", "lisi", "wrNoSuchGroup"))
                .containsExactly(90501);
    }

    @Test
    void aResignedOwnersGroupsShowStatus1UntilInheritedOnce() {
        String chat = group("zhangsan");
        group("lisi");
        sim.post("/sim/corps/" + CORP + "/staff/zhangsan/resign", SimHarness.object());

        assertThat(list(1)).containsExactly(chat);
        assertThat(failures("groupchat/onjob_transfer", "wangwu", chat)).containsExactly(90502);
        assertThat(failures("groupchat/transfer", "wangwu", chat)).isEmpty();

        assertThat(owner(chat)).isEqualTo("wangwu");
        assertThat(list(1)).isEmpty();
        assertThat(list(3)).containsExactly(chat);
        assertThat(failures("groupchat/transfer", "lisi", chat)).containsExactly(90508);
    }

    @Test
    void atMost300GroupsOfOneOwnerADay() {
        List<String> chats = new ArrayList<>();
        for (int i = 0; i < 301; i++) {
            chats.add(group("zhangsan"));
        }
        List<Integer> failed = new ArrayList<>();
        for (int from = 0; from < chats.size(); from += 100) {
            failed.addAll(failures(
                    "groupchat/onjob_transfer",
                    "lisi",
                    chats.subList(from, Math.min(chats.size(), from + 100)).toArray(String[]::new)));
        }

        assertThat(failed).containsExactly(45009);
        sim.clock().advance(java.time.Duration.ofDays(1));
        assertThat(failures("groupchat/onjob_transfer", "lisi", chats.getLast()))
                .isEmpty();
    }

    private String group(String owner) {
        return sim.post(
                        "/sim/corps/" + CORP + "/groups",
                        SimHarness.object().put("owner", owner).put("name", "群"))
                .path("chatId")
                .asString();
    }

    private List<Integer> failures(String path, String newOwner, String... chats) {
        ObjectNode body = SimHarness.object().put("new_owner", newOwner);
        ArrayNode list = body.putArray("chat_id_list");
        for (String chat : chats) {
            list.add(chat);
        }
        JsonNode answer = sim.apiPost("/cgi-bin/externalcontact/" + path, sim.token(CORP), body);
        assertThat(answer.path("errcode").asInt()).as(answer.toString()).isZero();
        return answer.path("failed_chat_list")
                .valueStream()
                .map(f -> f.path("errcode").asInt())
                .toList();
    }

    private String owner(String chat) {
        return sim.apiPost(
                        "/cgi-bin/externalcontact/groupchat/get",
                        sim.token(CORP),
                        SimHarness.object().put("chat_id", chat))
                .path("group_chat")
                .path("owner")
                .asString();
    }

    private List<String> list(int status) {
        return sim.apiPost(
                        "/cgi-bin/externalcontact/groupchat/list",
                        sim.token(CORP),
                        SimHarness.object().put("limit", 100).put("status_filter", status))
                .path("group_chat_list")
                .valueStream()
                .map(c -> c.path("chat_id").asString())
                .toList();
    }
}
