package io.moat.wecomsim.api;

import static io.moat.wecomsim.support.SimHarness.CORP;
import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.support.CallbackReceiver;
import io.moat.wecomsim.support.SimHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The corp tag library and mark_tag (wecom-api.md §3); API writes push no callbacks. */
class CorpTagTests {

    final SimHarness sim = SimHarness.start();
    final CallbackReceiver receiver = new CallbackReceiver(CORP);
    final String token;
    final String customer;

    {
        sim.createCorp();
        sim.addStaff(CORP, "zhangsan", "张三");
        sim.addStaff(CORP, "lisi", "李四");
        token = sim.token(CORP);
        customer = sim.scan(CORP, sim.contactWay(CORP, token, "zhangsan", "s"), "王小明")
                .path("externalUserId")
                .asString();
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
    void tagsAreAddedToGroupsFoundByIdOrNameAndListed() {
        JsonNode first = addTags(SimHarness.object().put("group_name", "会员等级"), "金卡", "银卡");
        String groupId = first.path("group_id").asString();
        assertThat(groupId).startsWith("et");
        assertThat(first.path("tag")).extracting(t -> t.path("name").asString()).containsExactly("金卡", "银卡");

        JsonNode byName = addTags(SimHarness.object().put("group_name", "会员等级"), "铜卡", "金卡");
        assertThat(byName.path("group_id").asString()).isEqualTo(groupId);
        assertThat(byName.path("tag").get(1).path("id").asString())
                .as("an existing name is not created twice")
                .isEqualTo(first.path("tag").get(0).path("id").asString());

        JsonNode all = call("/cgi-bin/externalcontact/get_corp_tag_list", SimHarness.object());
        assertThat(all.path("tag_group")).hasSize(1);
        assertThat(all.path("tag_group").get(0).path("tag")).hasSize(3);

        ObjectNode byTag = SimHarness.object();
        byTag.putArray("tag_id").add(first.path("tag").get(1).path("id").asString());
        JsonNode filtered = call("/cgi-bin/externalcontact/get_corp_tag_list", byTag);
        assertThat(filtered.path("tag_group").get(0).path("tag"))
                .extracting(t -> t.path("name").asString())
                .containsExactly("银卡");
    }

    @Test
    void editingAndDeletingWorkAndTheLastTagTakesItsGroupAlong() {
        JsonNode group = addTags(SimHarness.object().put("group_name", "渠道"), "天猫");
        String tagId = group.path("tag").get(0).path("id").asString();

        assertThat(call(
                                "/cgi-bin/externalcontact/edit_corp_tag",
                                SimHarness.object().put("id", tagId).put("name", "天猫旗舰店"))
                        .path("errcode")
                        .asInt())
                .isZero();
        assertThat(call("/cgi-bin/externalcontact/get_corp_tag_list", SimHarness.object())
                        .path("tag_group")
                        .get(0)
                        .path("tag")
                        .get(0)
                        .path("name")
                        .asString())
                .isEqualTo("天猫旗舰店");

        ObjectNode delete = SimHarness.object();
        delete.putArray("tag_id").add(tagId);
        assertThat(call("/cgi-bin/externalcontact/del_corp_tag", delete)
                        .path("errcode")
                        .asInt())
                .isZero();
        assertThat(call("/cgi-bin/externalcontact/get_corp_tag_list", SimHarness.object())
                        .path("tag_group"))
                .isEmpty();
    }

    @Test
    void markTagNeedsTheRelationAndShowsInTheCustomerDetail() {
        JsonNode group = addTags(SimHarness.object().put("group_name", "兴趣"), "护肤");
        String tagId = group.path("tag").get(0).path("id").asString();

        assertThat(mark("lisi", tagId).path("errcode").asInt()).isEqualTo(84061);
        assertThat(mark("zhangsan", tagId).path("errcode").asInt()).isZero();

        JsonNode tags = sim.apiGet(
                        "/cgi-bin/externalcontact/get?access_token=" + token + "&external_userid=" + customer)
                .path("follow_user")
                .get(0)
                .path("tags");
        assertThat(tags).hasSize(1);
        assertThat(tags.get(0).path("group_name").asString()).isEqualTo("兴趣");
        assertThat(tags.get(0).path("tag_name").asString()).isEqualTo("护肤");
        assertThat(tags.get(0).path("tag_id").asString()).isEqualTo(tagId);
        assertThat(tags.get(0).path("type").asInt()).isEqualTo(1);
    }

    @Test
    void theTagConflictKnobFailsEachRequestsFirstAttemptWith45035() {
        String tagId = addTags(SimHarness.object().put("group_name", "兴趣"), "护肤")
                .path("tag")
                .get(0)
                .path("id")
                .asString();
        sim.post("/sim/corps/" + CORP + "/knobs", SimHarness.object().put("tagConflicts", true));

        assertThat(mark("zhangsan", tagId).path("errcode").asInt()).isEqualTo(45035);
        assertThat(mark("zhangsan", tagId).path("errcode").asInt()).isZero();
    }

    @Test
    void apiWritesPushNoCallbacksButClientTagsDo() throws InterruptedException {
        String tagId = addTags(SimHarness.object().put("group_name", "兴趣"), "护肤")
                .path("tag")
                .get(0)
                .path("id")
                .asString();
        mark("zhangsan", tagId);

        ObjectNode clientGroup = SimHarness.object().put("groupName", "门店");
        clientGroup.putArray("tags").addObject().put("name", "上海店");
        String groupId = sim.post("/sim/corps/" + CORP + "/client-tags", clientGroup)
                .path("groupId")
                .asString();
        ObjectNode clientTag = SimHarness.object().put("groupId", groupId);
        clientTag.putArray("tags").addObject().put("name", "北京店");
        String newTag = sim.post("/sim/corps/" + CORP + "/client-tags", clientTag)
                .path("tags")
                .get(0)
                .path("id")
                .asString();

        var pushes = receiver.await(r -> r.size() == 2);
        assertThat(pushes.get(0).event())
                .containsEntry("Event", "change_external_tag")
                .containsEntry("Id", groupId)
                .containsEntry("TagType", "tag_group");
        assertThat(pushes.get(1).event()).containsEntry("Id", newTag).containsEntry("TagType", "tag");
        Thread.sleep(100);
        assertThat(receiver.received())
                .as("add_corp_tag and mark_tag pushed nothing")
                .hasSize(2);
    }

    private JsonNode addTags(ObjectNode body, String... names) {
        var tags = body.putArray("tag");
        for (String name : names) {
            tags.addObject().put("name", name);
        }
        JsonNode answer = call("/cgi-bin/externalcontact/add_corp_tag", body);
        assertThat(answer.path("errcode").asInt()).as(answer.toString()).isZero();
        return answer.path("tag_group");
    }

    private JsonNode mark(String userid, String tagId) {
        ObjectNode body = SimHarness.object().put("userid", userid).put("external_userid", customer);
        body.putArray("add_tag").add(tagId);
        return call("/cgi-bin/externalcontact/mark_tag", body);
    }

    private JsonNode call(String path, ObjectNode body) {
        return sim.apiPost(path, token, body);
    }
}
