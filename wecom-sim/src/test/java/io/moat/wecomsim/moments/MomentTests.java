package io.moat.wecomsim.moments;

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

/** Customer Moments (wecom-api.md §5): an asynchronous job, members who publish, customers under visibility caps. */
class MomentTests {

    final SimHarness sim = SimHarness.start();
    final String alice;
    final String bob;
    final String carol;
    final String vip;

    {
        sim.createCorp();
        sim.addStaff(CORP, "zhangsan", "张三");
        String configId = sim.contactWay(CORP, sim.token(CORP), "zhangsan", "s");
        alice = sim.scan(CORP, configId, "Alice").path("externalUserId").asString();
        bob = sim.scan(CORP, configId, "Bob").path("externalUserId").asString();
        carol = sim.scan(CORP, configId, "Carol").path("externalUserId").asString();
        ObjectNode tag = SimHarness.object().put("group_name", "等级");
        tag.putArray("tag").addObject().put("name", "VIP");
        vip = call("add_corp_tag", tag)
                .path("tag_group")
                .path("tag")
                .get(0)
                .path("id")
                .asString();
        ObjectNode mark = SimHarness.object().put("userid", "zhangsan").put("external_userid", alice);
        mark.putArray("add_tag").add(vip);
        call("mark_tag", mark);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void theJobResolvesAfterOneSecondWithTheMomentAndWhatWasInvalid() {
        ObjectNode body = moment("上新啦");
        ObjectNode range = body.putObject("visible_range");
        range.putObject("sender_list").putArray("user_list").add("zhangsan").add("ghost");
        range.withObject("sender_list").putArray("department_list").add(99);
        range.putObject("external_contact_list").putArray("tag_list").add(vip).add("etBogus");

        String jobid = call("add_moment_task", body).path("jobid").asString();
        JsonNode running = result(jobid);
        sim.clock().advance(Duration.ofSeconds(1));
        JsonNode done = result(jobid);

        assertThat(running.path("status").asInt()).isEqualTo(1);
        assertThat(running.has("result")).isFalse();
        assertThat(done.path("status").asInt()).isEqualTo(3);
        assertThat(done.path("type").asString()).isEqualTo("add_moment_task");
        JsonNode result = done.path("result");
        String momentId = result.path("moment_id").asString();
        assertThat(momentId).startsWith("mom");
        assertThat(result.path("invalid_sender_list").path("user_list"))
                .extracting(JsonNode::asString)
                .containsExactly("ghost");
        assertThat(result.path("invalid_sender_list").path("department_list"))
                .extracting(JsonNode::asLong)
                .containsExactly(99L);
        assertThat(result.path("invalid_external_contact_list").path("tag_list"))
                .extracting(JsonNode::asString)
                .containsExactly("etBogus");
        assertThat(targets(momentId)).containsExactly(alice);
        long now = sim.clock().epochSecond();
        JsonNode listed = call(
                        "get_moment_list",
                        SimHarness.object().put("start_time", now - 60).put("end_time", now))
                .path("moment_list")
                .get(0);
        assertThat(listed.path("moment_id").asString()).isEqualTo(momentId);
        assertThat(listed.path("create_type").asInt()).isZero();
        assertThat(listed.path("visible_type").asInt()).isZero();
        assertThat(listed.path("text").path("content").asString()).isEqualTo("上新啦");
    }

    @Test
    void customersOverTheEnterpriseMonthlyCapDoNotSeeTheMoment() {
        sim.post("/sim/corps/" + CORP + "/knobs", SimHarness.object().put("momentEnterpriseMonthlyCap", 1));
        String first = created(moment("一"));
        assertThat(sendResult(first).path("errcode").asInt()).isEqualTo(41062);
        assertThat(task(first).path("publish_status").asInt()).isZero();

        assertThat(publish(first).path("visibleTo")).hasSize(3);
        String second = created(moment("二"));
        publish(second);
        sim.sim.clock().set(Instant.parse("2026-01-31T16:00:00Z")); // February 1st in Beijing
        String third = created(moment("三"));
        publish(third);

        assertThat(task(first).path("publish_status").asInt()).isEqualTo(1);
        assertThat(visible(first)).containsExactly(alice, bob, carol);
        assertThat(visible(second)).isEmpty();
        assertThat(visible(third)).containsExactly(alice, bob, carol);
    }

    @Test
    void personalMomentsHaveTheirOwnDailyCap() {
        for (int i = 0; i < 3; i++) {
            assertThat(personal("p" + i).path("visibleTo")).hasSize(3);
        }
        JsonNode fourth = personal("p3");
        String enterprise = created(moment("e"));
        publish(enterprise);
        sim.clock().advance(Duration.ofDays(1));

        assertThat(fourth.path("visibleTo")).isEmpty();
        assertThat(visible(enterprise)).hasSize(3);
        assertThat(personal("next day").path("visibleTo")).hasSize(3);
        long now = sim.clock().epochSecond();
        JsonNode personalOnly = call(
                "get_moment_list",
                SimHarness.object()
                        .put("start_time", now - 2 * 86_400)
                        .put("end_time", now)
                        .put("filter_type", 1));
        assertThat(personalOnly.path("moment_list")).hasSize(5);
        assertThat(personalOnly.path("moment_list").get(0).path("creator").asString())
                .isEqualTo("zhangsan");
    }

    @Test
    void virtualMembersPublishWhenTheirDelayHasPassedUnlessCancelled() {
        ObjectNode knobs = SimHarness.object().put("staffConfirmProbability", 1.0);
        knobs.putArray("staffConfirmDelaySeconds").add(30).add(30);
        sim.post("/sim/corps/" + CORP + "/knobs", knobs);
        String auto = created(moment("auto"));
        String stopped = created(moment("stopped"));
        call("cancel_moment_task", SimHarness.object().put("moment_id", stopped));

        // auto was created one second before stopped, so its 30 s run out 28 s from now
        sim.clock().advance(Duration.ofSeconds(28));
        assertThat(task(auto).path("publish_status").asInt()).isZero();
        sim.clock().advance(Duration.ofSeconds(1));

        assertThat(task(auto).path("publish_status").asInt()).isEqualTo(1);
        assertThat(task(stopped).path("publish_status").asInt()).isZero();
        assertThat(sim.controlAnswer(
                                "POST",
                                "/sim/corps/" + CORP + "/staff/zhangsan/publish-moment",
                                SimHarness.object().put("momentId", stopped))
                        .status())
                .isEqualTo(409);
    }

    @Test
    void malformedMomentsAreRefused() {
        ObjectNode mixed = moment("x");
        ArrayNode attachments = mixed.putArray("attachments");
        attachments.addObject().put("msgtype", "image").putObject("image").put("media_id", "m");
        attachments.addObject().put("msgtype", "video").putObject("video").put("media_id", "v");
        ObjectNode tooMany = moment("x");
        ArrayNode images = tooMany.putArray("attachments");
        for (int i = 0; i < 10; i++) {
            images.addObject().put("msgtype", "image").putObject("image").put("media_id", "m" + i);
        }

        assertThat(call("add_moment_task", mixed).path("errcode").asInt()).isEqualTo(40058);
        assertThat(call("add_moment_task", tooMany).path("errcode").asInt()).isEqualTo(40058);
        assertThat(call("add_moment_task", SimHarness.object()).path("errcode").asInt())
                .isEqualTo(40058);
        assertThat(result("nope").path("errcode").asInt()).isEqualTo(40058);
        assertThat(call("cancel_moment_task", SimHarness.object())
                        .path("errcode")
                        .asInt())
                .isEqualTo(41059);
        assertThat(call("cancel_moment_task", SimHarness.object().put("moment_id", "momNope"))
                        .path("errcode")
                        .asInt())
                .isEqualTo(41060);
    }

    // ---- helpers ----

    private JsonNode call(String path, ObjectNode body) {
        return sim.apiPost("/cgi-bin/externalcontact/" + path, sim.token(CORP), body);
    }

    private static ObjectNode moment(String text) {
        ObjectNode body = SimHarness.object();
        body.putObject("text").put("content", text);
        return body;
    }

    private JsonNode result(String jobid) {
        return sim.apiGet(
                "/cgi-bin/externalcontact/get_moment_task_result?access_token=" + sim.token(CORP) + "&jobid=" + jobid);
    }

    /** Adds the moment and lets its job finish. */
    private String created(ObjectNode body) {
        String jobid = call("add_moment_task", body).path("jobid").asString();
        sim.clock().advance(Duration.ofSeconds(1));
        return result(jobid).path("result").path("moment_id").asString();
    }

    private JsonNode publish(String momentId) {
        return sim.post(
                "/sim/corps/" + CORP + "/staff/zhangsan/publish-moment",
                SimHarness.object().put("momentId", momentId));
    }

    private JsonNode personal(String content) {
        return sim.post(
                "/sim/corps/" + CORP + "/staff/zhangsan/moments",
                SimHarness.object().put("content", content));
    }

    private JsonNode task(String momentId) {
        JsonNode answer = call("get_moment_task", SimHarness.object().put("moment_id", momentId));
        assertThat(answer.path("errcode").asInt()).as(answer.toString()).isZero();
        return answer.path("task_list").get(0);
    }

    private JsonNode sendResult(String momentId) {
        return call(
                "get_moment_send_result",
                SimHarness.object().put("moment_id", momentId).put("userid", "zhangsan"));
    }

    private List<String> visible(String momentId) {
        JsonNode answer = sendResult(momentId);
        assertThat(answer.path("errcode").asInt()).as(answer.toString()).isZero();
        return answer.path("customer_list")
                .valueStream()
                .map(c -> c.path("external_userid").asString())
                .toList();
    }

    private List<String> targets(String momentId) {
        return call(
                        "get_moment_customer_list",
                        SimHarness.object().put("moment_id", momentId).put("userid", "zhangsan"))
                .path("customer_list")
                .valueStream()
                .map(c -> c.path("external_userid").asString())
                .toList();
    }
}
