package io.moat.wecomsim.control;

import static io.moat.wecomsim.support.SimHarness.CORP;
import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.support.CallbackReceiver;
import io.moat.wecomsim.support.SimHarness;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A customer scans a channel code; Moat sees the add event, the relation and a 20-second welcome code. */
class ScanFlowTests {

    final SimHarness sim = SimHarness.start();
    final CallbackReceiver receiver = new CallbackReceiver(CORP);
    final String token;
    final String configId;

    {
        sim.createCorp();
        sim.addStaff(CORP, "zhangsan", "张三");
        JsonNode callback = sim.control(
                "PUT",
                "/sim/corps/" + CORP + "/callback",
                SimHarness.object()
                        .put("callbackUrl", receiver.url())
                        .put("token", CallbackReceiver.TOKEN)
                        .put("encodingAesKey", CallbackReceiver.AES_KEY));
        assertThat(callback.path("verified").asBoolean())
                .as(callback.toString())
                .isTrue();
        token = sim.token(CORP);
        configId = sim.contactWay(CORP, token, "zhangsan", "tmall_card");
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.close();
    }

    @Test
    void aScanMakesAFollowRelationThatTheApiShows() {
        JsonNode scan = sim.scan(CORP, configId, "王小明");
        String customer = scan.path("externalUserId").asString();

        assertThat(customer).startsWith("wm").hasSize(32);
        assertThat(scan.path("userId").asString()).isEqualTo("zhangsan");
        assertThat(scan.path("state").asString()).isEqualTo("tmall_card");

        JsonNode detail =
                sim.apiGet("/cgi-bin/externalcontact/get?access_token=" + token + "&external_userid=" + customer);
        assertThat(detail.path("errcode").asInt()).isZero();
        assertThat(detail.path("external_contact").path("name").asString()).isEqualTo("王小明");
        assertThat(detail.path("external_contact").path("type").asInt()).isEqualTo(1);
        JsonNode follow = detail.path("follow_user").get(0);
        assertThat(follow.path("userid").asString()).isEqualTo("zhangsan");
        assertThat(follow.path("add_way").asInt()).isEqualTo(1);
        assertThat(follow.path("oper_userid").asString()).isEqualTo(customer);
        assertThat(follow.path("state").asString()).isEqualTo("tmall_card");
        assertThat(follow.path("createtime").asLong()).isEqualTo(sim.sim.clock().epochSecond());
        assertThat(follow.path("tags")).isEmpty();

        JsonNode list = sim.apiGet("/cgi-bin/externalcontact/list?access_token=" + token + "&userid=zhangsan");
        assertThat(list.path("external_userid").get(0).asString()).isEqualTo(customer);

        ObjectNode batch = SimHarness.object();
        batch.putArray("userid_list").add("zhangsan");
        JsonNode page = sim.apiPost("/cgi-bin/externalcontact/batch/get_by_user", token, batch);
        JsonNode item = page.path("external_contact_list").get(0);
        assertThat(item.path("external_contact").path("external_userid").asString())
                .isEqualTo(customer);
        assertThat(item.path("follow_info").path("state").asString()).isEqualTo("tmall_card");
        assertThat(item.path("follow_info").path("tag_id").isArray()).isTrue();
        assertThat(page.path("next_cursor").asString()).isEmpty();
    }

    @Test
    void theAddEventArrivesEncryptedSignedAndComplete() {
        JsonNode scan = sim.scan(CORP, configId, "王小明");

        CallbackReceiver.Received push = receiver.await(r -> r.size() == 1).getFirst();

        assertThat(push.envelope()).containsEntry("ToUserName", CORP).containsEntry("AgentID", "1000002");
        assertThat(push.event())
                .containsEntry("ToUserName", CORP)
                .containsEntry("FromUserName", "sys")
                .containsEntry("CreateTime", Long.toString(sim.sim.clock().epochSecond()))
                .containsEntry("MsgType", "event")
                .containsEntry("Event", "change_external_contact")
                .containsEntry("ChangeType", "add_external_contact")
                .containsEntry("UserID", "zhangsan")
                .containsEntry("ExternalUserID", scan.path("externalUserId").asString())
                .containsEntry("State", "tmall_card")
                .containsEntry("WelcomeCode", scan.path("welcomeCode").asString());
        JsonNode record = sim.awaitCallbacks(
                CORP, r -> r.size() == 1 && r.get(0).path("delivered").asBoolean());
        assertThat(record.get(0).path("changeType").asString()).isEqualTo("add_external_contact");
        assertThat(record.get(0).path("httpStatus").asInt()).isEqualTo(200);
        assertThat(record.get(0).path("answer").asString()).isEqualTo("success");
    }

    @Test
    void aWelcomeCodeWorksOnceWithinTwentySeconds() {
        JsonNode scan = sim.scan(CORP, configId, "王小明");
        sim.sim.clock().advance(Duration.ofSeconds(19));

        assertThat(welcome(scan.path("welcomeCode").asString(), "欢迎！")
                        .path("errcode")
                        .asInt())
                .isZero();
        assertThat(welcome(scan.path("welcomeCode").asString(), "again")
                        .path("errcode")
                        .asInt())
                .isEqualTo(41051);

        JsonNode deliveries = sim.get("/sim/corps/" + CORP + "/deliveries?externalUserId="
                + scan.path("externalUserId").asString());
        assertThat(deliveries).hasSize(1);
        assertThat(deliveries.get(0).path("kind").asString()).isEqualTo("welcome_msg");
        assertThat(deliveries.get(0).path("text").asString()).isEqualTo("欢迎！");
        assertThat(deliveries.get(0).path("userId").asString()).isEqualTo("zhangsan");

        JsonNode late = sim.scan(CORP, configId, "李四");
        sim.sim.clock().advance(Duration.ofSeconds(21));
        assertThat(welcome(late.path("welcomeCode").asString(), "too late")
                        .path("errcode")
                        .asInt())
                .isEqualTo(41050);
        assertThat(welcome("never-issued", "hi").path("errcode").asInt()).isEqualTo(41050);
    }

    @Test
    void aMalformedWelcomeMessageDoesNotBurnTheCode() {
        String code = sim.scan(CORP, configId, "王小明").path("welcomeCode").asString();

        assertThat(welcome(code, "长".repeat(1334)).path("errcode").asInt()).isEqualTo(40058);
        ObjectNode tooMany = SimHarness.object().put("welcome_code", code);
        for (int i = 0; i < 10; i++) {
            tooMany.withArray("attachments")
                    .addObject()
                    .put("msgtype", "image")
                    .putObject("image")
                    .put("media_id", "m" + i);
        }
        assertThat(sim.apiPost("/cgi-bin/externalcontact/send_welcome_msg", token, tooMany)
                        .path("errcode")
                        .asInt())
                .isEqualTo(40058);

        ObjectNode withLink = SimHarness.object().put("welcome_code", code);
        withLink.putObject("text").put("content", "看看新品");
        withLink.withArray("attachments")
                .addObject()
                .put("msgtype", "link")
                .putObject("link")
                .put("title", "新品")
                .put("url", "https://example.com/new");
        assertThat(sim.apiPost("/cgi-bin/externalcontact/send_welcome_msg", token, withLink)
                        .path("errcode")
                        .asInt())
                .isZero();
        JsonNode delivered = sim.get("/sim/corps/" + CORP + "/deliveries").get(0);
        assertThat(delivered
                        .path("attachments")
                        .get(0)
                        .path("link")
                        .path("title")
                        .asString())
                .isEqualTo("新品");
    }

    @Test
    void batchPagesAcrossMembersStayStableWhileCustomersArrive() {
        sim.addStaff(CORP, "lisi", "李四");
        String lisiWay = sim.contactWay(CORP, token, "lisi", "jd");
        for (int i = 0; i < 3; i++) {
            sim.scan(CORP, configId, "z" + i);
            sim.scan(CORP, lisiWay, "l" + i);
        }
        ObjectNode request = SimHarness.object().put("limit", 4);
        request.putArray("userid_list").add("zhangsan").add("lisi");

        JsonNode first = sim.apiPost("/cgi-bin/externalcontact/batch/get_by_user", token, request);
        assertThat(first.path("external_contact_list")).hasSize(4);
        sim.scan(CORP, configId, "late arrival");
        JsonNode second = sim.apiPost(
                "/cgi-bin/externalcontact/batch/get_by_user",
                token,
                request.deepCopy().put("cursor", first.path("next_cursor").asString()));

        assertThat(names(first)).containsExactly("z0", "z1", "z2", "l0");
        assertThat(names(second)).containsExactly("l1", "l2");
        assertThat(second.path("next_cursor").asString()).isEmpty();
    }

    @Test
    void batchRefusesMoreThanAHundredMembersAndCapsTheLimit() {
        ObjectNode tooMany = SimHarness.object();
        for (int i = 0; i < 101; i++) {
            tooMany.withArray("userid_list").add("u" + i);
        }
        JsonNode refused = sim.apiPost("/cgi-bin/externalcontact/batch/get_by_user", token, tooMany);
        assertThat(refused.path("errcode").asInt()).isEqualTo(40058);
        assertThat(refused.path("external_contact_list").isArray()).isTrue();

        for (int i = 0; i < 120; i++) {
            sim.scan(CORP, configId, "c" + i);
        }
        ObjectNode big = SimHarness.object().put("limit", 500);
        big.putArray("userid_list").add("zhangsan");
        assertThat(sim.apiPost("/cgi-bin/externalcontact/batch/get_by_user", token, big)
                        .path("external_contact_list"))
                .hasSize(100);
    }

    @Test
    void remarkIsAnApiWriteAndPushesNothing() {
        String customer = sim.scan(CORP, configId, "王小明").path("externalUserId").asString();
        receiver.await(r -> r.size() == 1);
        ObjectNode remark = SimHarness.object()
                .put("userid", "zhangsan")
                .put("external_userid", customer)
                .put("remark", "老客户")
                .put("description", "买过三次");
        remark.putArray("remark_mobiles").add("13800000000");

        assertThat(sim.apiPost("/cgi-bin/externalcontact/remark", token, remark)
                        .path("errcode")
                        .asInt())
                .isZero();

        JsonNode follow = sim.apiGet(
                        "/cgi-bin/externalcontact/get?access_token=" + token + "&external_userid=" + customer)
                .path("follow_user")
                .get(0);
        assertThat(follow.path("remark").asString()).isEqualTo("老客户");
        assertThat(follow.path("description").asString()).isEqualTo("买过三次");
        assertThat(follow.path("remark_mobiles").get(0).asString()).isEqualTo("13800000000");
        assertThat(sim.get("/sim/corps/" + CORP + "/callbacks")).hasSize(1);
        assertThat(sim.apiPost(
                                "/cgi-bin/externalcontact/remark",
                                token,
                                remark.deepCopy().put("remark", "超过二十个字符的备注超过二十个字符的备注啊"))
                        .path("errcode")
                        .asInt())
                .isEqualTo(40058);
    }

    @Test
    void clientSideDeletionsAndEditsPushTheirEvents() {
        String first = sim.scan(CORP, configId, "甲").path("externalUserId").asString();
        String second = sim.scan(CORP, configId, "乙").path("externalUserId").asString();
        String third = sim.scan(CORP, configId, "丙").path("externalUserId").asString();

        sim.post(
                "/sim/corps/" + CORP + "/customers/" + first + "/delete-staff",
                SimHarness.object().put("userid", "zhangsan"));
        sim.post(
                "/sim/corps/" + CORP + "/staff/zhangsan/delete-customer",
                SimHarness.object().put("externalUserId", second));
        sim.post(
                "/sim/corps/" + CORP + "/staff/zhangsan/edit-customer",
                SimHarness.object().put("externalUserId", third).put("remark", "VIP"));

        var pushes = receiver.await(r -> r.size() == 6);
        assertThat(pushes.subList(3, 6))
                .extracting(p -> p.event().get("ChangeType"))
                .containsExactly("del_follow_user", "del_external_contact", "edit_external_contact");
        assertThat(pushes.get(3).event()).containsAllEntriesOf(Map.of("UserID", "zhangsan", "ExternalUserID", first));
        assertThat(sim.apiGet("/cgi-bin/externalcontact/get?access_token=" + token + "&external_userid=" + first)
                        .path("errcode")
                        .asInt())
                .isEqualTo(84061);
        assertThat(sim.apiGet("/cgi-bin/externalcontact/get?access_token=" + token + "&external_userid=" + third)
                        .path("follow_user")
                        .get(0)
                        .path("remark")
                        .asString())
                .isEqualTo("VIP");
    }

    @Test
    void theSameWechatUserScanningAgainKeepsTheirIdAndTriggersNothingNew() {
        ObjectNode body = SimHarness.object().put("configId", configId);
        body.putObject("customer").put("name", "王小明").put("unionid", "oUnion1");
        JsonNode first = sim.post("/sim/corps/" + CORP + "/scan", body);
        JsonNode again = sim.post("/sim/corps/" + CORP + "/scan", body);

        assertThat(again.path("externalUserId").asString())
                .isEqualTo(first.path("externalUserId").asString());
        assertThat(again.path("alreadyFollowing").asBoolean()).isTrue();
        assertThat(again.path("welcomeCode").isNull()).isTrue();
    }

    private JsonNode welcome(String code, String text) {
        ObjectNode body = SimHarness.object().put("welcome_code", code);
        body.putObject("text").put("content", text);
        return sim.apiPost("/cgi-bin/externalcontact/send_welcome_msg", token, body);
    }

    private static java.util.List<String> names(JsonNode page) {
        java.util.List<String> names = new java.util.ArrayList<>();
        page.path("external_contact_list")
                .forEach(i -> names.add(i.path("external_contact").path("name").asString()));
        return names;
    }
}
