package io.moat.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.SimulatorControl;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.wecom.client.WecomClients;
import io.moat.wecom.client.WecomRecords.ContactWay;
import io.moat.wecomsim.SimSettings;
import io.moat.wecomsim.WecomSim;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * add_contact_way has no idempotency key, so a call whose answer was lost must not simply be made again: Moat looks
 * for the way by its state first. Checked against wecom-sim, whose record says how many ways WeCom holds.
 */
@MoatTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactWayRetryTests {

    static final WecomSim SIM = WecomSim.start(new SimSettings(0, 20261127L, Instant.now(), true));
    static final String ADD = "/cgi-bin/externalcontact/add_contact_way";

    @LocalServerPort
    int port;

    @Autowired
    WecomClients clients;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    final SimulatorControl control = new SimulatorControl(SIM);

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    @Test
    void aWayWhoseAnswerWasLostIsAdoptedByItsStateNotMadeTwice() throws Exception {
        var api = new Api(port);
        String admin = api.admin();
        String slug = api.newWorkspace(admin);
        var corp = control.connect(api, admin, slug, port, false);
        control.staff(corp, List.of("zhangsan"));
        TenantId tenant = new TenantId(new JdbcTemplate(owner)
                .queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
        control.knobs(corp.corpId(), Map.of("lostAnswers", 1.0, "lostAnswersApi", ADD));

        List<ContactWay> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String state = "mc-lost-" + i;
            made.add(CallContext.forTenant(tenant, "test")
                    .call(() -> clients.forTenant(tenant).orElseThrow().addContactWay("zhangsan", state, "lost")));
        }

        assertThat(calls(corp, ADD))
                .as("every add was served once, and its answer lost")
                .isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            JsonNode way =
                    cgi(corp, "get_contact_way", Map.of("config_id", made.get(i).configId()));
            assertThat(way.path("contact_way").path("state").asString()).isEqualTo("mc-lost-" + i);
        }
        JsonNode listed = cgi(corp, "list_contact_way", Map.of("limit", 1000));
        assertThat(listed.path("contact_way").size()).as(listed.toString()).isEqualTo(3);
    }

    private long calls(SimulatorControl.Corp corp, String path) throws Exception {
        JsonNode log = SimulatorControl.json(
                control.call("GET", "/sim/corps/" + corp.corpId() + "/api-calls?path=" + path, null));
        return log.path("paths")
                .valueStream()
                .filter(p -> p.path("path").asString().equals(path))
                .mapToLong(p -> p.path("count").asLong())
                .sum();
    }

    private JsonNode cgi(SimulatorControl.Corp corp, String api, Map<String, ?> body) throws Exception {
        JsonNode answer = control.cgi(corp, "/cgi-bin/externalcontact/" + api, body);
        assertThat(answer.path("errcode").asInt()).as(answer.toString()).isZero();
        return answer;
    }
}
