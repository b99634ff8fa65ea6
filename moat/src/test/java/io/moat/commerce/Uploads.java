package io.moat.commerce;

import io.moat.Api;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Uploads order exports over real HTTP and waits for their imports, for the commerce module tests. */
public final class Uploads {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Api api;
    private final RestClient client;

    public Uploads(int port) {
        this.api = new Api(port);
        this.client = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> {})
                .build();
    }

    record Raw(int status, byte[] body, @Nullable String contentType) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    Raw upload(String token, String slug, String fixture, String source, Map<String, String> extra) {
        var form = new LinkedMultiValueMap<String, Object>();
        form.add("file", new ByteArrayResource(Fixtures.bytes(fixture)) {
            @Override
            public String getFilename() {
                return fixture;
            }
        });
        form.add("source", source);
        extra.forEach(form::add);
        return client.post()
                .uri("/api/v1/workspaces/" + slug + "/imports/orders")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(form)
                .exchange((request, response) -> raw(
                        response.getStatusCode().value(),
                        response.getBody().readAllBytes(),
                        response.getHeaders().getContentType()));
    }

    Raw get(String token, String path) {
        return client.get()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange((request, response) -> raw(
                        response.getStatusCode().value(),
                        response.getBody().readAllBytes(),
                        response.getHeaders().getContentType()));
    }

    /** Uploads and waits until the import has finished; returns its report. */
    public JsonNode importAndWait(String token, String slug, String fixture, String source, Map<String, String> extra) {
        Raw started = upload(token, slug, fixture, source, extra);
        if (started.status() != 202) {
            throw new AssertionError("upload refused: " + started.status() + " " + started.text());
        }
        return waitFor(token, slug, started.json().path("id").asLong());
    }

    JsonNode waitFor(String token, String slug, long id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            var report = api.get("/api/v1/workspaces/" + slug + "/imports/" + id, token);
            if (!report.text("status").equals("running")) {
                return report.body();
            }
            sleep();
        }
        throw new AssertionError("import " + id + " still running");
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Raw raw(int status, byte[] body, @Nullable MediaType type) {
        return new Raw(status, body, type == null ? null : type.toString());
    }
}
