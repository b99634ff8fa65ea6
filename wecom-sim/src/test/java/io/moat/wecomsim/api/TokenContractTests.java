package io.moat.wecomsim.api;

import static io.moat.wecomsim.support.SimHarness.CORP;
import static io.moat.wecomsim.support.SimHarness.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.support.SimHarness;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** gettoken and the gates every call passes (wecom-api.md §0, §1). */
class TokenContractTests {

    final SimHarness sim = SimHarness.start();

    {
        sim.createCorp();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aTokenLastsTwoHoursAndIsHandedOutAgainWhileValid() {
        JsonNode first = sim.apiGet("/cgi-bin/gettoken?corpid=" + CORP + "&corpsecret=" + SECRET);
        assertThat(first.path("errcode").asInt()).isZero();
        assertThat(first.path("errmsg").asString()).isEqualTo("ok");
        assertThat(first.path("expires_in").asLong()).isEqualTo(7200);
        String token = first.path("access_token").asString();
        assertThat(token).hasSizeBetween(16, 512);

        sim.sim.clock().advance(Duration.ofSeconds(3600));
        JsonNode again = sim.apiGet("/cgi-bin/gettoken?corpid=" + CORP + "&corpsecret=" + SECRET);
        assertThat(again.path("access_token").asString()).isEqualTo(token);
        assertThat(again.path("expires_in").asLong()).isEqualTo(3600);

        sim.sim.clock().advance(Duration.ofSeconds(3600));
        assertThat(followUsers(token).path("errcode").asInt()).isEqualTo(42001);
        String renewed = sim.token(CORP);
        assertThat(renewed).isNotEqualTo(token);
        assertThat(followUsers(renewed).path("errcode").asInt()).isZero();
    }

    @Test
    void theExpireTokensKnobMakesTheOldToken42001AndGettokenIssuesANewOne() {
        String token = sim.token(CORP);
        sim.post("/sim/corps/" + CORP + "/knobs", SimHarness.object().put("expireTokens", true));

        JsonNode expired = followUsers(token);
        assertThat(expired.path("errcode").asInt()).isEqualTo(42001);
        assertThat(expired.path("errmsg").asString()).startsWith("access_token expired, hint: [");
        String renewed = sim.token(CORP);
        assertThat(renewed).isNotEqualTo(token);
        assertThat(followUsers(renewed).path("errcode").asInt()).isZero();
    }

    @Test
    void aTokenNeverIssuedIs40014() {
        assertThat(followUsers("not-a-token").path("errcode").asInt()).isEqualTo(40014);
    }

    @Test
    void aTokenInTheHeaderOrBodyIsMissing41001() {
        String token = sim.token(CORP);
        HttpRequest inHeader = HttpRequest.newBuilder(
                        URI.create(sim.sim.baseUrl() + "/cgi-bin/externalcontact/get_follow_user_list"))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        JsonNode headerAnswer = sim.send(inHeader).json();
        assertThat(headerAnswer.path("errcode").asInt()).isEqualTo(41001);
        assertThat(headerAnswer.path("follow_user").isArray()).isTrue();

        SimHarness.Answer inBody =
                sim.send("POST", "/cgi-bin/externalcontact/get_corp_tag_list", "{\"access_token\":\"" + token + "\"}");
        assertThat(inBody.status()).isEqualTo(200);
        assertThat(inBody.json().path("errcode").asInt()).isEqualTo(41001);
    }

    @Test
    void gettokenChecksTheSecretBeforeTheCorpId() {
        assertThat(sim.apiGet("/cgi-bin/gettoken").path("errcode").asInt()).isEqualTo(41004);
        assertThat(sim.apiGet("/cgi-bin/gettoken?corpid=" + CORP)
                        .path("errcode")
                        .asInt())
                .isEqualTo(41004);
        JsonNode badCorp = sim.apiGet("/cgi-bin/gettoken?corpid=test&corpsecret=test");
        assertThat(badCorp.path("errcode").asInt()).isEqualTo(40013);
        assertThat(badCorp.path("errmsg").asString()).startsWith("invalid corpid, hint: [");
        assertThat(sim.apiGet("/cgi-bin/gettoken?corpid=" + CORP + "&corpsecret=wrong")
                        .path("errcode")
                        .asInt())
                .isEqualTo(40001);
    }

    @Test
    void repeatedWrongSecretsBlockTheIpForAnHour() {
        for (int i = 0; i < SecretGuard.FAILURES_BEFORE_BLOCK; i++) {
            assertThat(sim.apiGet("/cgi-bin/gettoken?corpid=" + CORP + "&corpsecret=wrong")
                            .path("errcode")
                            .asInt())
                    .isEqualTo(40001);
        }
        String good = "/cgi-bin/gettoken?corpid=" + CORP + "&corpsecret=" + SECRET;
        assertThat(sim.apiGet(good).path("errcode").asInt()).isEqualTo(45009);

        sim.sim.clock().advance(Duration.ofMinutes(59));
        assertThat(sim.apiGet(good).path("errcode").asInt()).isEqualTo(45009);
        sim.sim.clock().advance(Duration.ofMinutes(2));
        assertThat(sim.apiGet(good).path("errcode").asInt()).isZero();
    }

    @Test
    void anUnknownPathIs404WithAnEmptyBody() {
        SimHarness.Answer answer = sim.send("GET", "/cgi-bin/externalcontact/no_such_api?access_token=x", null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.raw()).isEmpty();
        assertThat(sim.send("GET", "/elsewhere", null).status()).isEqualTo(404);
    }

    @Test
    void errorsAreHttp200WithWecomErrmsgAndTheEndpointsEmptyFields() {
        String token = sim.token(CORP);
        sim.addStaff(CORP, "zhangsan", "张三");

        JsonNode answer = sim.apiGet("/cgi-bin/externalcontact/list?access_token=" + token + "&userid=zhangsan");

        assertThat(answer.path("errcode").asInt()).isEqualTo(84061);
        assertThat(answer.path("errmsg").asString())
                .matches("not external contact, hint: \\[\\d{10}_\\d+_[0-9a-f]{32}], from ip: 127\\.0\\.0\\.1, "
                        + "more info at https://open\\.work\\.weixin\\.qq\\.com/devtool/query\\?e=84061");
        assertThat(answer.path("external_userid").isArray()).isTrue();
        assertThat(answer.path("external_userid")).isEmpty();
    }

    @Test
    void failNextScriptsErrorsForOnePathThenClears() {
        String token = sim.token(CORP);
        JsonNode knobs = SimHarness.object();
        ((tools.jackson.databind.node.ObjectNode) knobs)
                .putObject("failNext")
                .put("api", "/cgi-bin/externalcontact/get_follow_user_list")
                .put("errcode", -1)
                .put("count", 2);
        sim.post("/sim/corps/" + CORP + "/knobs", knobs);

        assertThat(followUsers(token).path("errcode").asInt()).isEqualTo(-1);
        assertThat(followUsers(token).path("errmsg").asString()).startsWith("system busy, hint:");
        assertThat(followUsers(token).path("errcode").asInt()).isZero();

        JsonNode calls =
                sim.get("/sim/corps/" + CORP + "/api-calls?path=/cgi-bin/externalcontact/get_follow_user_list");
        assertThat(calls.path("paths").get(0).path("count").asInt()).isEqualTo(3);
        assertThat(calls.path("paths").get(0).path("errcodes").path("-1").asInt())
                .isEqualTo(2);
        assertThat(calls.path("paths").get(0).path("errcodes").path("0").asInt())
                .isEqualTo(1);
        assertThat(calls.path("calls")).hasSize(3);
    }

    @Test
    void aPostOnlyApiCalledWithGetIsAParameterError() {
        String token = sim.token(CORP);

        JsonNode answer = sim.apiGet("/cgi-bin/externalcontact/get_corp_tag_list?access_token=" + token);

        assertThat(answer.path("errcode").asInt()).isEqualTo(40058);
        assertThat(answer.path("tag_group").isArray()).isTrue();
    }

    private JsonNode followUsers(String token) {
        return sim.apiGet("/cgi-bin/externalcontact/get_follow_user_list?access_token=" + token);
    }
}
