package io.moat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for tests: real requests to the running application, answers as status plus JSON. */
public final class Api {

    public static final String ADMIN_PASSWORD = "test-admin-password";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient client;

    public Api(int port) {
        this.client = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> {})
                .build();
    }

    public record Answer(
            int status, JsonNode body, @Nullable String contentType) {
        public String text(String field) {
            return body.path(field).asString();
        }
    }

    public Answer call(HttpMethod method, String path, @Nullable String token, @Nullable Object body) {
        return call(method, path, token, body, java.util.Map.of());
    }

    /** A call with extra request headers (e.g. {@code Idempotency-Key}). */
    public Answer call(
            HttpMethod method,
            String path,
            @Nullable String token,
            @Nullable Object body,
            java.util.Map<String, String> headers) {
        var request = client.method(method).uri(path);
        headers.forEach(request::header);
        if (token != null) {
            request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON)
                    .body(body instanceof String s ? s : JSON.writeValueAsString(body));
        }
        return request.exchange((req, response) -> {
            byte[] bytes = response.getBody().readAllBytes();
            JsonNode json = bytes.length == 0 ? JSON.missingNode() : JSON.readTree(bytes);
            var type = response.getHeaders().getContentType();
            return new Answer(response.getStatusCode().value(), json, type == null ? null : type.toString());
        });
    }

    public Answer get(String path, @Nullable String token) {
        return call(HttpMethod.GET, path, token, null);
    }

    public Answer post(String path, @Nullable String token, Object body) {
        return call(HttpMethod.POST, path, token, body);
    }

    public String signIn(String username, String password) {
        Answer answer = post("/api/v1/auth/token", null, Map.of("username", username, "password", password));
        if (answer.status() != 200) {
            throw new AssertionError("sign-in of " + username + " failed: " + answer);
        }
        return answer.text("token");
    }

    public String admin() {
        return signIn("admin", ADMIN_PASSWORD);
    }

    /** A fresh workspace owned by the admin; its slug is returned. */
    public String newWorkspace(String adminToken) {
        String slug = "ws-" + UUID.randomUUID().toString().substring(0, 8);
        Answer answer = post("/api/v1/workspaces", adminToken, Map.of("slug", slug, "name", "Shop " + slug));
        if (answer.status() != 201) {
            throw new AssertionError("could not create workspace: " + answer);
        }
        return slug;
    }

    /** Invites a new account into the workspace and signs it in; returns its session token. */
    public String memberWithRole(String adminToken, String slug, String role) {
        String username = role + "-" + UUID.randomUUID().toString().substring(0, 8);
        Answer invited = post(
                "/api/v1/workspaces/" + slug + "/members",
                adminToken,
                Map.of("username", username, "displayName", "Test " + role, "role", role));
        if (invited.status() != 201) {
            throw new AssertionError("could not invite: " + invited);
        }
        return signIn(username, invited.text("initialPassword"));
    }

    public static List<String> fields(Answer answer) {
        return answer.body()
                .path("errors")
                .valueStream()
                .map(error -> error.path("field").asString())
                .toList();
    }
}
