package io.moat;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.wecomsim.WecomSim;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jspecify.annotations.Nullable;
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

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
