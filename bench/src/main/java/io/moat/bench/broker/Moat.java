package io.moat.bench.broker;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Moat's public REST API, as an operator would use it to set the workspace up. */
final class Moat {

    static final String ADMIN_PASSWORD = "crash-test-admin";

    private final String base;

    Moat(String base) {
        this.base = base;
    }

    /** Waits until the child answers HTTP (Flyway done, workers started). */
    void awaitReady(Process child) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(20)); // a loaded shared machine starts slowly
        while (true) {
            if (!child.isAlive()) {
                throw new IllegalStateException("Moat exited with " + child.exitValue() + " while starting");
            }
            try {
                var response = BrokerCrashTest.HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() > 0) {
                    return; // Tomcat listens only once the context (Flyway, the schedule's workers) has started
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Moat did not start within 20 minutes");
            }
            Thread.sleep(100);
        }
    }

    /** Signs in, creates a workspace and configures WeCom (the sim); answers the tenant id. */
    long connect(String simBase, String url) throws Exception {
        String token = signIn();
        String slug = "crash-" + UUID.randomUUID().toString().substring(0, 6);
        call("POST", "/api/v1/workspaces", token, Map.of("slug", slug, "name", "崩溃测试店"));
        call(
                "PUT",
                "/api/v1/workspaces/" + slug + "/wecom/config",
                token,
                Map.of(
                        "corpId",
                        BrokerCrashTest.CORP,
                        "agentId",
                        1000002,
                        "secret",
                        BrokerCrashTest.SECRET,
                        "token",
                        "CrashToken",
                        "encodingAesKey",
                        UUID.randomUUID().toString().replace("-", "") + "AbCdEfGhIjK",
                        "apiBaseUrl",
                        simBase));
        return BrokerCrashTest.count(url, "select tenant_id from workspace.workspace where slug = '" + slug + "'");
    }

    /**
     * The admin's token. The first life creates the admin in an application runner, which runs after Tomcat already
     * answers, so a sign-in right after start-up may still find no admin: it is repeated for up to two minutes.
     */
    private String signIn() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            try {
                return call("POST", "/api/v1/auth/token", null, Map.of("username", "admin", "password", ADMIN_PASSWORD))
                        .path("token")
                        .asString();
            } catch (IllegalStateException notYet) {
                if (!notYet.getMessage().contains(" 401") || Instant.now().isAfter(deadline)) {
                    throw notYet;
                }
                Thread.sleep(500);
            }
        }
    }

    private JsonNode call(String method, String path, String token, Object body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(BrokerCrashTest.JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        var response = BrokerCrashTest.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return BrokerCrashTest.JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
    }
}
