package io.moat.wecomsim;

import static io.moat.wecomsim.support.SimHarness.CORP;
import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.support.SimHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Same seed, same calls, same ids; another seed, other ids. */
class DeterminismTests {

    @Test
    void theSameSeedAndCallsGiveTheSameIds() {
        assertThat(script(7)).isEqualTo(script(7));
    }

    @Test
    void anotherSeedGivesOtherIds() {
        List<String> other = script(8).stream().filter(id -> !id.contains("#")).toList();

        assertThat(script(7)).doesNotContainAnyElementsOf(other);
    }

    @Test
    void tokenFetchesInBetweenDoNotShiftCustomerIds() {
        try (SimHarness quiet = new SimHarness(SimSettings.defaults().withSeed(9));
                SimHarness chatty = new SimHarness(SimSettings.defaults().withSeed(9))) {
            for (SimHarness sim : List.of(quiet, chatty)) {
                sim.createCorp();
                sim.addStaff(CORP, "zhangsan", "张三");
            }
            String quietWay = quiet.contactWay(CORP, quiet.token(CORP), "zhangsan", "s");
            chatty.sim.clock().advance(java.time.Duration.ofHours(3));
            chatty.token(CORP);
            String chattyWay = chatty.contactWay(CORP, chatty.token(CORP), "zhangsan", "s");

            assertThat(chattyWay).isEqualTo(quietWay);
            assertThat(chatty.scan(CORP, chattyWay, "a").path("externalUserId").asString())
                    .isEqualTo(quiet.scan(CORP, quietWay, "a")
                            .path("externalUserId")
                            .asString());
        }
    }

    private static List<String> script(long seed) {
        List<String> ids = new ArrayList<>();
        try (SimHarness sim = new SimHarness(SimSettings.defaults().withSeed(seed))) {
            sim.createCorp();
            sim.addStaff(CORP, "zhangsan", "张三");
            sim.addStaff(CORP, "lisi", "李四");
            String token = sim.token(CORP);
            ids.add(token);
            ObjectNode multi = SimHarness.object().put("type", 2).put("scene", 2);
            multi.putArray("user").add("zhangsan").add("lisi");
            String configId = sim.apiPost("/cgi-bin/externalcontact/add_contact_way", token, multi)
                    .path("config_id")
                    .asString();
            ids.add(configId);
            for (int i = 0; i < 3; i++) {
                var scan = sim.scan(CORP, configId, "c" + i);
                ids.add(scan.path("externalUserId").asString());
                ids.add(scan.path("userId").asString() + "#" + i);
                ids.add(scan.path("welcomeCode").asString());
            }
            ObjectNode tags = SimHarness.object().put("group_name", "g");
            tags.putArray("tag").addObject().put("name", "t");
            ids.add(sim.apiPost("/cgi-bin/externalcontact/add_corp_tag", token, tags)
                    .path("tag_group")
                    .path("group_id")
                    .asString());
            ObjectNode group = SimHarness.object().put("owner", "zhangsan").put("name", "群");
            var created = sim.post("/sim/corps/" + CORP + "/groups", group);
            ids.add(created.path("chatId").asString());
            ids.add(created.path("memberVersion").asString());
        }
        return ids;
    }
}
