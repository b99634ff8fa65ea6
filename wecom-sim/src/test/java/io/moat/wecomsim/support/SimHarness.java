package io.moat.wecomsim.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.SimSettings;
import io.moat.wecomsim.WecomSim;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A running simulator and a plain HTTP client, the way another JVM would drive it. */
public final class SimHarness implements AutoCloseable {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    public static final String CORP = "ww1436e0e65a779aee";
    public static final String SECRET = "app-secret";

    public final WecomSim sim;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** An answer: HTTP status, raw body, and the body as JSON when it is JSON. */
    public record Answer(int status, String raw, JsonNode json) {}

    public SimHarness(SimSettings settings) {
        this.sim = WecomSim.start(settings);
    }

    public io.moat.wecomsim.SimClock clock() {
        return sim.clock();
    }

    public static SimHarness start() {
        return new SimHarness(SimSettings.defaults());
    }

    public Answer send(String method, String pathAndQuery, String body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery)).timeout(Duration.ofSeconds(10));
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(request.build());
    }

    public Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (!response.body().isEmpty()) {
                json = JSON.readTree(response.body());
            }
            return new Answer(response.statusCode(), response.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A control call that must succeed (2xx); returns its JSON. */
    public JsonNode control(String method, String path, Object body) {
        Answer answer = send(method, path, body == null ? null : JSON.writeValueAsString(body));
        assertThat(answer.status())
                .as("%s %s -> %s", method, path, answer.raw())
                .isBetween(200, 299);
        return answer.json();
    }

    public Answer controlAnswer(String method, String path, Object body) {
        return send(method, path, body == null ? null : JSON.writeValueAsString(body));
    }

    public JsonNode post(String path, Object body) {
        return control("POST", path, body);
    }

    public JsonNode get(String path) {
        return control("GET", path, null);
    }

    /** A WeCom GET call (token and parameters in the query); WeCom answers HTTP 200 for every business error. */
    public JsonNode apiGet(String pathAndQuery) {
        Answer answer = send("GET", pathAndQuery, null);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.json();
    }

    public JsonNode apiPost(String path, String token, Object body) {
        Answer answer = send("POST", path + "?access_token=" + token, JSON.writeValueAsString(body));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.json();
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    // ---- common scenes ----

    public JsonNode createCorp(String corpId, String callbackUrl, String token, String aesKey) {
        ObjectNode body = object().put("corpId", corpId).put("agentId", 1000002).put("secret", SECRET);
        if (callbackUrl != null) {
            body.put("callbackUrl", callbackUrl).put("token", token).put("encodingAesKey", aesKey);
        }
        return post("/sim/corps", body);
    }

    public void createCorp() {
        createCorp(CORP, null, null, null);
    }

    public String token(String corpId) {
        JsonNode answer = apiGet("/cgi-bin/gettoken?corpid=" + corpId + "&corpsecret=" + SECRET);
        assertThat(answer.path("errcode").asInt()).as(answer.toString()).isZero();
        return answer.path("access_token").asString();
    }

    public void addStaff(String corpId, String userid, String name) {
        ObjectNode body = object().put("userid", userid).put("name", name);
        body.putArray("departmentIds").add(1);
        post("/sim/corps/" + corpId + "/staff", body);
    }

    /** A single-member contact way with a state, created through the API as Moat would. */
    public String contactWay(String corpId, String token, String userid, String state) {
        ObjectNode body = object().put("type", 1).put("scene", 2).put("state", state);
        body.putArray("user").add(userid);
        JsonNode answer = apiPost("/cgi-bin/externalcontact/add_contact_way", token, body);
        assertThat(answer.path("errcode").asInt()).as(answer.toString()).isZero();
        return answer.path("config_id").asString();
    }

    public JsonNode scan(String corpId, String configId, String customerName) {
        ObjectNode body = object().put("configId", configId);
        body.putObject("customer").put("name", customerName);
        return post("/sim/corps/" + corpId + "/scan", body);
    }

    /** Polls the callbacks record until it satisfies the condition, for at most five seconds. */
    public JsonNode awaitCallbacks(String corpId, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        JsonNode record = get("/sim/corps/" + corpId + "/callbacks");
        while (!condition.test(record) && System.nanoTime() < deadline) {
            pause();
            record = get("/sim/corps/" + corpId + "/callbacks");
        }
        assertThat(condition.test(record))
                .as("callbacks never matched: %s", record)
                .isTrue();
        return record;
    }

    static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        sim.close();
        http.close();
    }
}
