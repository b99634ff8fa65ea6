package io.moat.wecomsim.api;

import static io.moat.wecomsim.support.SimHarness.CORP;
import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.support.CallbackReceiver;
import io.moat.wecomsim.support.SimHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Half adds, the 81017 guard on unfiltered group lists, personal tags and the corp tag cap. */
class ContactExtrasTests {

    final SimHarness sim = SimHarness.start();
    final CallbackReceiver receiver = new CallbackReceiver(CORP);
    final String configId;

    {
        sim.createCorp(CORP, receiver.url(), CallbackReceiver.TOKEN, CallbackReceiver.AES_KEY);
        sim.addStaff(CORP, "zhangsan", "张三");
        configId = sim.contactWay(CORP, sim.token(CORP), "zhangsan", "s");
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.close();
    }

    @Test
    void withAHalfAddShareScansArriveAsHalfAdds() {
        JsonNode whole = sim.scan(CORP, configId, "A");
        sim.post("/sim/corps/" + CORP + "/knobs", SimHarness.object().put("halfAddShare", 1.0));
        JsonNode half = sim.scan(CORP, configId, "B");

        assertThat(whole.path("half").asBoolean()).isFalse();
        assertThat(half.path("half").asBoolean()).isTrue();
        var events = receiver.await(r -> r.size() == 3);
        assertThat(events.get(1).event()).containsEntry("ChangeType", "add_external_contact");
        assertThat(events.get(2).event())
                .containsEntry("ChangeType", "add_half_external_contact")
                .containsEntry("ExternalUserID", half.path("externalUserId").asString())
                .containsEntry("State", "s")
                .containsEntry("WelcomeCode", half.path("welcomeCode").asString());
    }

    @Test
    void anUnfilteredGroupListIsRefusedAbove1000VisibleMembers() {
        sim.post("/sim/corps/" + CORP + "/groups", SimHarness.object().put("owner", "zhangsan"));
        ObjectNode unfiltered = SimHarness.object().put("limit", 10);
        ObjectNode filtered = unfiltered.deepCopy();
        filtered.putObject("owner_filter").putArray("userid_list").add("zhangsan");

        assertThat(list(unfiltered).path("group_chat_list")).hasSize(1);
        sim.post("/sim/corps/" + CORP + "/knobs", SimHarness.object().put("visibleMembers", 1001));
        JsonNode refused = list(unfiltered);
        assertThat(refused.path("errcode").asInt()).isEqualTo(81017);
        assertThat(refused.path("group_chat_list").isArray()).isTrue();
        assertThat(list(filtered).path("group_chat_list")).hasSize(1);
        sim.post("/sim/corps/" + CORP + "/knobs", SimHarness.object().put("visibleMembers", 1000));
        assertThat(list(unfiltered).path("errcode").asInt()).isZero();
    }

    @Test
    void personalTagsShowInGetAsType2WithoutAnId() {
        String customer = sim.scan(CORP, configId, "A").path("externalUserId").asString();
        ObjectNode corpTag = SimHarness.object().put("group_name", "等级");
        corpTag.putArray("tag").addObject().put("name", "金卡");
        String tagId = call("add_corp_tag", corpTag)
                .path("tag_group")
                .path("tag")
                .get(0)
                .path("id")
                .asString();
        ObjectNode mark = SimHarness.object().put("userid", "zhangsan").put("external_userid", customer);
        mark.putArray("add_tag").add(tagId);
        call("mark_tag", mark);

        sim.post(
                "/sim/corps/" + CORP + "/staff/zhangsan/personal-tags",
                SimHarness.object()
                        .put("externalUserId", customer)
                        .put("tagName", "爱砍价")
                        .put("groupName", "我的"));

        JsonNode tags = sim.apiGet(
                        "/cgi-bin/externalcontact/get?access_token=" + sim.token(CORP) + "&external_userid=" + customer)
                .path("follow_user")
                .get(0)
                .path("tags");
        assertThat(tags).hasSize(2);
        assertThat(tags.get(0).path("type").asInt()).isEqualTo(1);
        assertThat(tags.get(0).path("tag_id").asString()).isEqualTo(tagId);
        assertThat(tags.get(1).path("type").asInt()).isEqualTo(2);
        assertThat(tags.get(1).path("tag_name").asString()).isEqualTo("爱砍价");
        assertThat(tags.get(1).path("group_name").asString()).isEqualTo("我的");
        assertThat(tags.get(1).has("tag_id")).isFalse();
        ObjectNode batch = SimHarness.object();
        batch.putArray("userid_list").add("zhangsan");
        assertThat(call("batch/get_by_user", batch)
                        .path("external_contact_list")
                        .get(0)
                        .path("follow_info")
                        .path("tag_id"))
                .extracting(JsonNode::asString)
                .containsExactly(tagId);
        assertThat(receiver.await(r -> r.size() == 3).get(2).event())
                .containsEntry("ChangeType", "edit_external_contact");
        sim.post(
                "/sim/corps/" + CORP + "/staff/zhangsan/personal-tags",
                SimHarness.object()
                        .put("externalUserId", customer)
                        .put("tagName", "爱砍价")
                        .put("groupName", "我的")
                        .put("remove", true));
        assertThat(sim.apiGet("/cgi-bin/externalcontact/get?access_token=" + sim.token(CORP) + "&external_userid="
                                + customer)
                        .path("follow_user")
                        .get(0)
                        .path("tags"))
                .hasSize(1);
    }

    @Test
    void theCorpTagLibraryIsCapped() {
        sim.post("/sim/corps/" + CORP + "/knobs", SimHarness.object().put("corpTagCap", 3));

        assertThat(addTags("会员", "金卡", "银卡").path("errcode").asInt()).isZero();
        assertThat(addTags("会员", "铜卡", "金卡").path("errcode").asInt())
                .as("金卡 exists, only 铜卡 is new")
                .isZero();
        JsonNode over = addTags("渠道", "抖音");

        assertThat(over.path("errcode").asInt()).isEqualTo(40126);
        assertThat(call("get_corp_tag_list", SimHarness.object()).path("tag_group"))
                .hasSize(1);
    }

    private JsonNode call(String path, ObjectNode body) {
        return sim.apiPost("/cgi-bin/externalcontact/" + path, sim.token(CORP), body);
    }

    private JsonNode list(ObjectNode body) {
        return call("groupchat/list", body);
    }

    private JsonNode addTags(String group, String... names) {
        ObjectNode body = SimHarness.object().put("group_name", group);
        ArrayNode tags = body.putArray("tag");
        for (String name : names) {
            tags.addObject().put("name", name);
        }
        return call("add_corp_tag", body);
    }
}
