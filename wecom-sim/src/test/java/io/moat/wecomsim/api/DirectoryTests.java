package io.moat.wecomsim.api;

import static io.moat.wecomsim.support.SimHarness.CORP;
import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.support.CallbackReceiver;
import io.moat.wecomsim.support.SimHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Departments and members: read through the API, changed through the control API with change_contact events. */
class DirectoryTests {

    final SimHarness sim = SimHarness.start();
    final CallbackReceiver receiver = new CallbackReceiver(CORP);
    final String token;

    {
        sim.createCorp(CORP, receiver.url(), CallbackReceiver.TOKEN, CallbackReceiver.AES_KEY);
        token = sim.token(CORP);
    }

    @AfterEach
    void stop() {
        sim.close();
        receiver.close();
    }

    @Test
    void departmentsAndMembersAreReadable() {
        sim.post(
                "/sim/corps/" + CORP + "/departments",
                SimHarness.object().put("id", 2).put("name", "华东").put("parentId", 1));
        sim.post(
                "/sim/corps/" + CORP + "/departments",
                SimHarness.object().put("id", 3).put("name", "上海").put("parentId", 2));
        ObjectNode staff =
                SimHarness.object().put("userid", "zhangsan").put("name", "张三").put("mobile", "13800000001");
        staff.putArray("departmentIds").add(3);
        sim.post("/sim/corps/" + CORP + "/staff", staff);
        sim.addStaff(CORP, "boss", "老板");

        JsonNode departments = sim.apiGet("/cgi-bin/department/list?access_token=" + token);
        assertThat(departments.path("department"))
                .extracting(d -> d.path("name").asString())
                .containsExactly("总部", "华东", "上海");
        assertThat(departments.path("department").get(0).path("parentid").asInt())
                .isZero();
        assertThat(sim.apiGet("/cgi-bin/department/list?access_token=" + token + "&id=2")
                        .path("department"))
                .hasSize(2);

        JsonNode direct = sim.apiGet("/cgi-bin/user/list?access_token=" + token + "&department_id=1");
        assertThat(direct.path("userlist"))
                .extracting(u -> u.path("userid").asString())
                .containsExactly("boss");
        JsonNode all = sim.apiGet("/cgi-bin/user/list?access_token=" + token + "&department_id=1&fetch_child=1");
        assertThat(all.path("userlist"))
                .extracting(u -> u.path("userid").asString())
                .containsExactlyInAnyOrder("boss", "zhangsan");

        JsonNode user = sim.apiGet("/cgi-bin/user/get?access_token=" + token + "&userid=zhangsan");
        assertThat(user.path("name").asString()).isEqualTo("张三");
        assertThat(user.path("department").get(0).asInt()).isEqualTo(3);
        assertThat(user.path("mobile").asString()).isEqualTo("13800000001");
        assertThat(user.path("status").asInt()).isEqualTo(1);

        JsonNode follow = sim.apiGet("/cgi-bin/externalcontact/get_follow_user_list?access_token=" + token);
        assertThat(follow.path("follow_user")).extracting(JsonNode::asString).containsExactly("zhangsan", "boss");
    }

    @Test
    void anUnknownMemberIs60111WithEmptyDefaults() {
        JsonNode answer = sim.apiGet("/cgi-bin/user/get?access_token=" + token + "&userid=ghost");

        assertThat(answer.path("errcode").asInt()).isEqualTo(60111);
        assertThat(answer.path("department").isArray()).isTrue();
        assertThat(answer.path("direct_leader").isArray()).isTrue();
    }

    @Test
    void staffChangesPushChangeContactEvents() {
        sim.addStaff(CORP, "zhangsan", "张三");
        sim.control(
                "PUT",
                "/sim/corps/" + CORP + "/staff/zhangsan",
                SimHarness.object().put("name", "张叁"));
        sim.control("DELETE", "/sim/corps/" + CORP + "/staff/zhangsan", null);

        var pushes = receiver.await(r -> r.size() == 3);

        assertThat(pushes.get(0).event())
                .containsEntry("Event", "change_contact")
                .containsEntry("ChangeType", "create_user")
                .containsEntry("UserID", "zhangsan")
                .containsEntry("Name", "张三")
                .containsEntry("Department", "1");
        assertThat(pushes.get(1).event())
                .containsEntry("ChangeType", "update_user")
                .containsEntry("Name", "张叁")
                .doesNotContainKey("Department");
        assertThat(pushes.get(2).event()).containsEntry("ChangeType", "delete_user");
        assertThat(sim.apiGet("/cgi-bin/user/get?access_token=" + token + "&userid=zhangsan")
                        .path("errcode")
                        .asInt())
                .isEqualTo(60111);
    }
}
