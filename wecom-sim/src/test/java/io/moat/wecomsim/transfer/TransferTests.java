package io.moat.wecomsim.transfer;

import static io.moat.wecomsim.support.SimHarness.CORP;
import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.support.CallbackReceiver;
import io.moat.wecomsim.support.SimHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Customer handovers (wecom-api.md §7): 24 hours of waiting, then taken over, refused or over the limit. */
class TransferTests {

    final SimHarness sim = SimHarness.start();
    final CallbackReceiver receiver = new CallbackReceiver(CORP);
    final String alice;
    final String bob;

    {
        sim.createCorp();
        sim.addStaff(CORP, "zhangsan", "张三");
        sim.addStaff(CORP, "lisi", "李四");
        String configId = sim.contactWay(CORP, sim.token(CORP), "zhangsan", "tmall");
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
    void anOnJobHandoverWaits24HoursThenMovesTheRelationAndPushesDeleteByTransfer() {
        sim.post(
                "/sim/corps/" + CORP + "/staff/zhangsan/edit-customer",
                SimHarness.object().put("externalUserId", alice).put("remark", "老客户"));
        long started = sim.clock().epochSecond();
        ObjectNode body = transfer("zhangsan", "lisi", alice).put("transfer_success_msg", "后续由李四为您服务");

        JsonNode answer = call("transfer_customer", body);

        assertThat(answer.path("customer").get(0).path("errcode").asInt()).isZero();
        JsonNode waiting = result("transfer_result", "zhangsan", "lisi").get(0);
        assertThat(waiting.path("status").asInt()).isEqualTo(2);
        assertThat(waiting.path("takeover_time").asLong()).isEqualTo(started + 86_400);
        sim.clock().advance(Duration.ofHours(23));
        assertThat(followers(alice)).containsExactly("zhangsan");

        sim.clock().advance(Duration.ofHours(1));

        List<CallbackReceiver.Received> pushes = receiver.await(r -> r.size() >= 3);
        Map<String, String> added = pushes.get(1).event();
        Map<String, String> deleted = pushes.get(2).event();
        assertThat(added).containsEntry("ChangeType", "add_external_contact").containsEntry("UserID", "lisi");
        assertThat(deleted)
                .containsEntry("ChangeType", "del_external_contact")
                .containsEntry("UserID", "zhangsan")
                .containsEntry("ExternalUserID", alice)
                .containsEntry("Source", "DELETE_BY_TRANSFER");
        assertThat(result("transfer_result", "zhangsan", "lisi")
                        .get(0)
                        .path("status")
                        .asInt())
                .isEqualTo(1);
        JsonNode followUser = customer(alice).path("follow_user").get(0);
        assertThat(followUser.path("userid").asString()).isEqualTo("lisi");
        assertThat(followUser.path("remark").asString()).isEqualTo("老客户");
        assertThat(followUser.path("state").asString()).isEqualTo("tmall");
        assertThat(followUser.path("add_way").asInt()).isEqualTo(202);
        assertThat(sim.get("/sim/corps/" + CORP + "/deliveries?externalUserId=" + alice)
                        .get(0)
                        .path("text")
                        .asString())
                .isEqualTo("后续由李四为您服务");
    }

    @Test
    void eachCustomerGetsItsOwnErrcode() {
        String stranger = sim.scan(CORP, sim.contactWay(CORP, sim.token(CORP), "lisi", "x"), "S")
                .path("externalUserId")
                .asString();
        call("transfer_customer", transfer("zhangsan", "lisi", bob));

        JsonNode answer = call("transfer_customer", transfer("zhangsan", "lisi", alice, "wmNobody", stranger, bob));

        assertThat(answer.path("customer"))
                .extracting(c -> c.path("errcode").asInt())
                .containsExactly(0, 40096, 40131, 40129);
        sim.clock().advance(Duration.ofDays(2));
        sim.addStaff(CORP, "wangwu", "王五");
        assertThat(call("transfer_customer", transfer("lisi", "wangwu", alice))
                        .path("customer")
                        .get(0)
                        .path("errcode")
                        .asInt())
                .as("90-day protection after a completed handover")
                .isEqualTo(40128);
        assertThat(call("transfer_customer", transfer("zhangsan", "zhangsan", alice))
                        .path("errcode")
                        .asInt())
                .isEqualTo(40130);
        String[] many = new String[101];
        java.util.Arrays.setAll(many, i -> "wm" + i);
        assertThat(call("transfer_customer", transfer("zhangsan", "lisi", many))
                        .path("errcode")
                        .asInt())
                .isEqualTo(40058);
    }

    @Test
    void aRefusingCustomerStaysAndAfterTwoAttemptsIsRationed() {
        sim.post("/sim/corps/" + CORP + "/knobs", SimHarness.object().put("transferRefusal", 1.0));
        call("transfer_customer", transfer("zhangsan", "lisi", alice));
        sim.clock().advance(Duration.ofDays(1));

        Map<String, String> failure =
                receiver.await(r -> r.size() >= 1).getFirst().event();
        assertThat(failure)
                .containsEntry("ChangeType", "transfer_fail")
                .containsEntry("FailReason", "customer_refused")
                .containsEntry("UserID", "lisi")
                .containsEntry("ExternalUserID", alice);
        assertThat(result("transfer_result", "zhangsan", "lisi")
                        .get(0)
                        .path("status")
                        .asInt())
                .isEqualTo(3);
        assertThat(followers(alice)).containsExactly("zhangsan");
        assertThat(call("transfer_customer", transfer("zhangsan", "lisi", alice))
                        .path("customer")
                        .get(0)
                        .path("errcode")
                        .asInt())
                .isZero();
        sim.clock().advance(Duration.ofDays(1));
        assertThat(call("transfer_customer", transfer("zhangsan", "lisi", alice))
                        .path("customer")
                        .get(0)
                        .path("errcode")
                        .asInt())
                .isEqualTo(40128);
    }

    @Test
    void aFullTakeoverMemberFailsWithStatus4AndARelationGoneMeanwhileWithStatus5() {
        sim.post("/sim/corps/" + CORP + "/knobs", SimHarness.object().put("staffCustomerCap", 0));
        call("transfer_customer", transfer("zhangsan", "lisi", alice, bob));
        sim.post(
                "/sim/corps/" + CORP + "/customers/" + bob + "/delete-staff",
                SimHarness.object().put("userid", "zhangsan"));

        sim.clock().advance(Duration.ofDays(1));

        assertThat(result("transfer_result", "zhangsan", "lisi"))
                .extracting(c -> c.path("status").asInt())
                .containsExactly(4, 5);
        assertThat(receiver.await(r -> r.size() >= 2).get(1).event())
                .containsEntry("ChangeType", "transfer_fail")
                .containsEntry("FailReason", "customer_limit_exceed");
    }

    @Test
    void aResignedMembersCustomersAreUnassignedUntilInherited() {
        JsonNode resigned = sim.post("/sim/corps/" + CORP + "/staff/zhangsan/resign", SimHarness.object());
        long dimission = sim.clock().epochSecond();

        assertThat(resigned.path("unassignedCustomers").asInt()).isEqualTo(2);
        assertThat(receiver.await(r -> r.size() == 1).getFirst().event())
                .containsEntry("ChangeType", "delete_user")
                .containsEntry("UserID", "zhangsan");
        JsonNode page1 = call("get_unassigned_list", SimHarness.object().put("page_size", 1));
        JsonNode page2 = call(
                "get_unassigned_list",
                SimHarness.object()
                        .put("page_size", 1)
                        .put("cursor", page1.path("next_cursor").asString()));
        assertThat(page1.path("info").get(0).path("external_userid").asString()).isEqualTo(alice);
        assertThat(page1.path("info").get(0).path("handover_userid").asString()).isEqualTo("zhangsan");
        assertThat(page1.path("info").get(0).path("dimission_time").asLong()).isEqualTo(dimission);
        assertThat(page1.path("is_last").asBoolean()).isFalse();
        assertThat(page2.path("info").get(0).path("external_userid").asString()).isEqualTo(bob);
        assertThat(page2.path("is_last").asBoolean()).isTrue();
        assertThat(call("resigned/transfer_customer", transfer("lisi", "zhangsan", alice))
                        .path("errcode")
                        .asInt())
                .isIn(40003, 40097);
        sim.addStaff(CORP, "wangwu", "王五");
        assertThat(call("resigned/transfer_customer", transfer("lisi", "wangwu", alice))
                        .path("errcode")
                        .asInt())
                .isEqualTo(40097);

        sim.post("/sim/corps/" + CORP + "/knobs", SimHarness.object().put("transferRefusal", 1.0));
        call("resigned/transfer_customer", transfer("zhangsan", "lisi", alice));
        assertThat(call("get_unassigned_list", SimHarness.object()).path("info"))
                .extracting(i -> i.path("external_userid").asString())
                .containsExactly(bob);
        sim.clock().advance(Duration.ofDays(1));

        assertThat(result("resigned/transfer_result", "zhangsan", "lisi")
                        .get(0)
                        .path("status")
                        .asInt())
                .as("customers of resigned members cannot refuse")
                .isEqualTo(1);
        assertThat(followers(alice)).containsExactly("lisi");
        List<CallbackReceiver.Received> pushes = receiver.await(r -> r.size() >= 3);
        assertThat(pushes).extracting(p -> p.event().get("ChangeType")).doesNotContain("del_external_contact");
    }

    // ---- helpers ----

    private JsonNode call(String path, ObjectNode body) {
        return sim.apiPost("/cgi-bin/externalcontact/" + path, sim.token(CORP), body);
    }

    private static ObjectNode transfer(String handover, String takeover, String... customers) {
        ObjectNode body = SimHarness.object().put("handover_userid", handover).put("takeover_userid", takeover);
        ArrayNode list = body.putArray("external_userid");
        for (String customer : customers) {
            list.add(customer);
        }
        return body;
    }

    private JsonNode result(String path, String handover, String takeover) {
        JsonNode answer =
                call(path, SimHarness.object().put("handover_userid", handover).put("takeover_userid", takeover));
        assertThat(answer.path("errcode").asInt()).as(answer.toString()).isZero();
        return answer.path("customer");
    }

    private JsonNode customer(String externalUserId) {
        return sim.apiGet(
                "/cgi-bin/externalcontact/get?access_token=" + sim.token(CORP) + "&external_userid=" + externalUserId);
    }

    private List<String> followers(String externalUserId) {
        return customer(externalUserId)
                .path("follow_user")
                .valueStream()
                .map(f -> f.path("userid").asString())
                .toList();
    }
}
