package io.moat.wecomsim.api;

import static io.moat.wecomsim.support.SimHarness.CORP;
import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.support.SimHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** 「联系我」 contact ways (wecom-api.md §2). */
class ContactWayTests {

    static final String ADD = "/cgi-bin/externalcontact/add_contact_way";

    final SimHarness sim = SimHarness.start();
    final String token;

    {
        sim.createCorp();
        sim.addStaff(CORP, "zhangsan", "张三");
        sim.addStaff(CORP, "lisi", "李四");
        sim.addStaff(CORP, "wangwu", "王五");
        token = sim.token(CORP);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aSingleMemberWayTakesExactlyOneUser() {
        ObjectNode twoUsers = way(1, "s");
        twoUsers.putArray("user").add("zhangsan").add("lisi");
        ObjectNode none = way(1, "s");

        assertThat(call(ADD, twoUsers).path("errcode").asInt()).isEqualTo(40058);
        assertThat(call(ADD, none).path("errcode").asInt()).isEqualTo(40058);
    }

    @Test
    void stateIsLimitedToThirtyCharacters() {
        ObjectNode tooLong = way(1, "s".repeat(31));
        tooLong.putArray("user").add("zhangsan");
        ObjectNode chinese = way(1, "渠".repeat(30));
        chinese.putArray("user").add("zhangsan");

        assertThat(call(ADD, tooLong).path("errcode").asInt()).isEqualTo(40058);
        assertThat(call(ADD, chinese).path("errcode").asInt()).isZero();
    }

    @Test
    void membersMustExistAndBeActive() {
        ObjectNode unknown = way(1, "s");
        unknown.putArray("user").add("nobody");
        sim.control(
                "PUT", "/sim/corps/" + CORP + "/staff/lisi", SimHarness.object().put("status", 2));
        ObjectNode disabled = way(1, "s");
        disabled.putArray("user").add("lisi");

        assertThat(call(ADD, unknown).path("errcode").asInt()).isEqualTo(40003);
        assertThat(call(ADD, disabled).path("errcode").asInt()).isEqualTo(41054);
    }

    @Test
    void aWayCanBeReadUpdatedAndDeleted() {
        ObjectNode request = way(1, "tmall");
        request.putArray("user").add("zhangsan");
        request.put("remark", "天猫包裹卡").put("is_exclusive", true);
        JsonNode added = call(ADD, request);
        String configId = added.path("config_id").asString();
        assertThat(configId).matches("[0-9a-f]{32}");
        assertThat(added.path("qr_code").asString()).startsWith("https://");

        JsonNode way = call("/cgi-bin/externalcontact/get_contact_way", config(configId))
                .path("contact_way");
        assertThat(way.path("type").asInt()).isEqualTo(1);
        assertThat(way.path("state").asString()).isEqualTo("tmall");
        assertThat(way.path("remark").asString()).isEqualTo("天猫包裹卡");
        assertThat(way.path("skip_verify").asBoolean()).isTrue();
        assertThat(way.path("is_exclusive").asBoolean()).isTrue();
        assertThat(way.path("user").get(0).asString()).isEqualTo("zhangsan");

        ObjectNode update = config(configId).put("state", "jd");
        update.putArray("user").add("lisi");
        assertThat(call("/cgi-bin/externalcontact/update_contact_way", update)
                        .path("errcode")
                        .asInt())
                .isZero();
        JsonNode updated = call("/cgi-bin/externalcontact/get_contact_way", config(configId))
                .path("contact_way");
        assertThat(updated.path("state").asString()).isEqualTo("jd");
        assertThat(updated.path("user").get(0).asString()).isEqualTo("lisi");
        assertThat(updated.path("remark").asString()).isEqualTo("天猫包裹卡");
        assertThat(sim.scan(CORP, configId, "客").path("state").asString()).isEqualTo("jd");

        assertThat(call("/cgi-bin/externalcontact/del_contact_way", config(configId))
                        .path("errcode")
                        .asInt())
                .isZero();
        assertThat(call("/cgi-bin/externalcontact/get_contact_way", config(configId))
                        .path("errcode")
                        .asInt())
                .isEqualTo(40058);
    }

    @Test
    void aMultiMemberWayRotatesItsScans() {
        ObjectNode request = way(2, "rotation");
        request.putArray("user").add("zhangsan").add("lisi").add("wangwu");
        String configId = call(ADD, request).path("config_id").asString();

        List<String> receivers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            receivers.add(sim.scan(CORP, configId, "c" + i).path("userId").asString());
        }

        assertThat(receivers.subList(0, 3)).containsExactlyInAnyOrder("zhangsan", "lisi", "wangwu");
        assertThat(receivers.subList(3, 6)).containsExactlyElementsOf(receivers.subList(0, 3));
    }

    @Test
    void theListPagesByCursor() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ObjectNode request = way(1, "s" + i);
            request.putArray("user").add("zhangsan");
            ids.add(call(ADD, request).path("config_id").asString());
        }
        String list = "/cgi-bin/externalcontact/list_contact_way";

        JsonNode first = call(list, SimHarness.object().put("limit", 3));
        JsonNode second = call(
                list,
                SimHarness.object()
                        .put("limit", 3)
                        .put("cursor", first.path("next_cursor").asString()));

        assertThat(first.path("contact_way"))
                .extracting(w -> w.path("config_id").asString())
                .isEqualTo(ids.subList(0, 3));
        assertThat(second.path("contact_way"))
                .extracting(w -> w.path("config_id").asString())
                .isEqualTo(ids.subList(3, 5));
        assertThat(second.path("next_cursor").asString()).isEmpty();
        assertThat(call(list, SimHarness.object().put("limit", 1001))
                        .path("errcode")
                        .asInt())
                .isEqualTo(40058);
    }

    private static ObjectNode way(int type, String state) {
        return SimHarness.object().put("type", type).put("scene", 2).put("state", state);
    }

    private static ObjectNode config(String configId) {
        return SimHarness.object().put("config_id", configId);
    }

    private JsonNode call(String path, ObjectNode body) {
        return sim.apiPost(path, token, body);
    }
}
