package io.moat.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON over HTTP to one base URL: wecom-sim's control and WeCom APIs, or Moat's own REST API. The demo talks to
 * Moat only this way, as an integration would, so it exercises the same paths as a real brand's data.
 */
final class JsonHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final HttpClient http;
    private volatile @Nullable String bearer;

    JsonHttp(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    String base() {
        return base;
    }

    void bearer(String token) {
        this.bearer = token;
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, @Nullable Object body) {
        return send("POST", path, body == null ? java.util.Map.of() : body);
    }

    JsonNode put(String path, Object body) {
        return send("PUT", path, body);
    }

    JsonNode send(String method, String path, @Nullable Object body) {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return exchange(request.build(), method + " " + path);
    }

    /** A multipart/form-data upload: one file part plus plain fields. */
    JsonNode upload(String path, String fileName, byte[] file, String contentType, List<String[]> fields) {
        String boundary = "----moat-demo-" + UUID.randomUUID();
        List<byte[]> parts = new ArrayList<>();
        for (String[] field : fields) {
            parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n"
                            + field[1] + "\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        parts.add(file);
        parts.add(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(300))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(parts));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return exchange(request.build(), "POST " + path);
    }

    private JsonNode exchange(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DemoFailure(what + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure(what + " interrupted");
        }
        if (response.statusCode() >= 300) {
            throw new DemoFailure(
                    what + " answered HTTP " + response.statusCode() + ": " + abbreviate(response.body()),
                    response.statusCode());
        }
        String text = response.body();
        JsonNode json = text == null || text.isBlank() ? JSON.missingNode() : JSON.readTree(text);
        if (json.path("errcode").asInt(0) != 0) {
            throw new DemoFailure(what + " answered errcode "
                    + json.path("errcode").asInt() + ": " + json.path("errmsg").asString(""));
        }
        return json;
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
