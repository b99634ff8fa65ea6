package io.moat.community;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.SimulatorControl;
import io.moat.wecomsim.SimSettings;
import io.moat.wecomsim.WecomSim;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * A group type's welcome text kept in WeCom as a group welcome template, checked with WeCom's own
 * {@code group_welcome_template/get} on wecom-sim: saved once it is made, edited in place when the text changes,
 * replaced when WeCom lost it, deleted when the text is cleared; a refused or over-long text changes nothing, and a
 * workspace without WeCom keeps its text without a template.
 */
@MoatTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupWelcomeTemplateTests {

    static final WecomSim SIM = WecomSim.start(new SimSettings(0, 20261126L, Instant.now(), true));

    @LocalServerPort
    int port;

    final SimulatorControl control = new SimulatorControl(SIM);

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    @Test
    void theWelcomeTextOfATypeIsAWecomTemplateThatFollowsItsEdits() throws Exception {
        var api = new Api(port);
        String admin = api.admin();
        String slug = api.newWorkspace(admin);
        var corp = control.connect(api, admin, slug, port, false);

        JsonNode first = savePolicy(api, admin, slug, "vip", "欢迎 %NICKNAME% 加入会员群，群公告里有本周福利");
        String templateId = first.path("welcomeTemplateId").asString();
        assertThat(templateId).as(first.toString()).isNotBlank();
        assertThat(template(corp, templateId).path("text").path("content").asString())
                .isEqualTo("欢迎 %NICKNAME% 加入会员群，群公告里有本周福利");

        JsonNode edited = savePolicy(api, admin, slug, "vip", "欢迎 %NICKNAME%！每周三会员日");
        assertThat(edited.path("welcomeTemplateId").asString())
                .as("an edit keeps the template the owners already picked")
                .isEqualTo(templateId);
        assertThat(template(corp, templateId).path("text").path("content").asString())
                .isEqualTo("欢迎 %NICKNAME%！每周三会员日");
        assertThat(policyOf(api, admin, slug, "vip").path("welcomeTemplateId").asString())
                .isEqualTo(templateId);

        String tooLong = "欢".repeat(1001); // 3,003 bytes in UTF-8, within the 3,000 characters the form allows
        var refused = api.call(
                HttpMethod.PUT, "/api/v1/workspaces/" + slug + "/community/policies/vip", admin, policy(tooLong));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.body().path("errors").get(0).path("field").asString())
                .isEqualTo("welcomeText");
        assertThat(policyOf(api, admin, slug, "vip").path("welcomeText").asString())
                .isEqualTo("欢迎 %NICKNAME%！每周三会员日");

        // deleted in WeCom's admin console behind Moat's back: the next save makes a new template
        assertThat(cgi(corp, "del", Map.of("template_id", templateId))
                        .path("errcode")
                        .asInt())
                .isZero();
        String replaced = savePolicy(api, admin, slug, "vip", "欢迎新会员 %NICKNAME%")
                .path("welcomeTemplateId")
                .asString();
        assertThat(replaced).isNotBlank().isNotEqualTo(templateId);
        assertThat(template(corp, replaced).path("text").path("content").asString())
                .isEqualTo("欢迎新会员 %NICKNAME%");

        JsonNode cleared = savePolicy(api, admin, slug, "vip", "");
        assertThat(cleared.has("welcomeTemplateId")).as(cleared.toString()).isFalse();
        assertThat(cgi(corp, "get", Map.of("template_id", replaced))
                        .path("errcode")
                        .asInt())
                .as("a cleared text leaves no template behind in WeCom")
                .isNotZero();
    }

    @Test
    void aWorkspaceWithoutWecomKeepsItsWelcomeTextWithoutATemplate() {
        var api = new Api(port);
        String admin = api.admin();
        String slug = api.newWorkspace(admin);

        JsonNode saved = savePolicy(api, admin, slug, "welfare", "欢迎来到福利群");

        assertThat(saved.path("welcomeText").asString()).isEqualTo("欢迎来到福利群");
        assertThat(saved.has("welcomeTemplateId")).as(saved.toString()).isFalse();
    }

    private static JsonNode savePolicy(Api api, String admin, String slug, String type, String welcomeText) {
        var answer = api.call(
                HttpMethod.PUT,
                "/api/v1/workspaces/" + slug + "/community/policies/" + type,
                admin,
                policy(welcomeText));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.body();
    }

    private static Map<String, Object> policy(String welcomeText) {
        var body = new HashMap<String, Object>();
        body.put("guardLinks", true);
        body.put("guardCards", true);
        body.put("welcomeText", welcomeText);
        return body;
    }

    private static JsonNode policyOf(Api api, String admin, String slug, String type) {
        return api.get("/api/v1/workspaces/" + slug + "/community/policies", admin)
                .body()
                .valueStream()
                .filter(p -> p.path("type").asString().equals(type))
                .findFirst()
                .orElseThrow();
    }

    private JsonNode template(SimulatorControl.Corp corp, String templateId) throws Exception {
        JsonNode answer = cgi(corp, "get", Map.of("template_id", templateId));
        assertThat(answer.path("errcode").asInt()).as(answer.toString()).isZero();
        return answer;
    }

    private JsonNode cgi(SimulatorControl.Corp corp, String action, Map<String, ?> body) throws Exception {
        return control.cgi(corp, "/cgi-bin/externalcontact/group_welcome_template/" + action, body);
    }
}
