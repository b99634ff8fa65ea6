package io.moat;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.WecomSim;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Drives a running wecom-sim over HTTP: its control API (/sim/…) and its WeCom API (/cgi-bin/…). */
public final class SimulatorControl {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WecomSim sim;
    private final HttpClient http = HttpClient.newHttpClient();

    public SimulatorControl(WecomSim sim) {
        this.sim = sim;
    }

    public HttpResponse<String> call(String method, String path, @Nullable Object body)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sets knobs of one simulated corp and checks the simulator took them. */
    public void knobs(String corpId, Map<String, ?> knobs) throws IOException, InterruptedException {
        var answer = call("POST", "/sim/corps/" + corpId + "/knobs", knobs);
        assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 204);
    }

    /** A simulated corp connected to a Moat workspace, with the secrets both sides were given. */
    public record Corp(String corpId, String token, String aesKey) {}

    /**
     * Creates a corp in the simulator and connects a workspace to it the way an operator does: Moat stores the corp's
     * configuration (the simulator's message archive as its feed, if asked), and the simulator's callbacks go to the
     * workspace's callback URL, which Moat must verify.
     */
    public Corp connect(Api api, String admin, String slug, int moatPort, boolean withArchive)
            throws IOException, InterruptedException {
        var corp = new Corp(
                "ww" + UUID.randomUUID().toString().replace("-", "").substring(0, 16),
                "MoatSimToken",
                UUID.randomUUID().toString().replace("-", "") + "AbCdEfGhIjK");
        var config = new HashMap<String, Object>(Map.of(
                "corpId",
                corp.corpId(),
                "agentId",
                1000002,
                "secret",
                "sim-secret",
                "token",
                corp.token(),
                "encodingAesKey",
                corp.aesKey(),
                "apiBaseUrl",
                sim.baseUrl()));
        if (withArchive) {
            config.put("archiveFeedUrl", sim.baseUrl() + "/sim/corps/" + corp.corpId() + "/msgaudit");
        }
        var saved = api.call(HttpMethod.PUT, "/api/v1/workspaces/" + slug + "/wecom/config", admin, config);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        var created =
                call("POST", "/sim/corps", Map.of("corpId", corp.corpId(), "agentId", 1000002, "secret", "sim-secret"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        callbacks(corp, "http://127.0.0.1:" + moatPort + "/wecom/callback/" + slug);
        return corp;
    }

    /** Points the corp's callbacks at a URL and checks the receiver verified it ({@code null} turns them off). */
    public void callbacks(Corp corp, @Nullable String url) throws IOException, InterruptedException {
        var body = new HashMap<String, Object>();
        body.put("callbackUrl", url);
        body.put("token", corp.token());
        body.put("encodingAesKey", corp.aesKey());
        var answer = call("PUT", "/sim/corps/" + corp.corpId() + "/callback", body);
        if (url == null) {
            assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 204);
        } else {
            assertThat(json(answer).path("verified").asBoolean())
                    .as(answer.body())
                    .isTrue();
        }
    }

    /** Adds staff members to the corp, each in department 1 and named by their user id. */
    public void staff(Corp corp, List<String> userIds) throws IOException, InterruptedException {
        for (String userId : userIds) {
            staff(corp, userId, userId);
        }
    }

    /** Adds a staff member to the corp, in department 1. */
    public void staff(Corp corp, String userId, String name) throws IOException, InterruptedException {
        var answer = call(
                "POST",
                "/sim/corps/" + corp.corpId() + "/staff",
                Map.of("userid", userId, "name", name, "departmentIds", List.of(1)));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    }

    /** Calls the corp's WeCom API as a WeCom client would (a fresh access token) and answers WeCom's JSON. */
    public JsonNode cgi(Corp corp, String apiPath, Object body) throws IOException, InterruptedException {
        String token = json(call("GET", "/cgi-bin/gettoken?corpid=" + corp.corpId() + "&corpsecret=sim-secret", null))
                .path("access_token")
                .asString();
        return json(call("POST", apiPath + "?access_token=" + token, body));
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
