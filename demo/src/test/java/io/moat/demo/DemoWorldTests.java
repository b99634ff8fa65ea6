package io.moat.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.moat.MoatApplication;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo world at a small scale (1%: about 500 customers, 2,000 orders), built before the first test through the
 * real paths, then a newcomer's first five minutes on it in headless Chromium ({@code web/e2e/firstfive.mjs}).
 */
@SpringBootTest(
        classes = MoatApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "moat.admin-password=" + DemoWorldTests.PASSWORD,
            "moat.db.data-dir=target/test-data",
            "moat.db.embedded.clean=true",
            "moat.db.embedded.timezone=Asia/Shanghai",
            "logging.file.name=target/test-data/logs/moat.log",
            "moat.demo.enabled=true",
            "moat.demo.scale=0.01",
            "moat.demo.tick=1s",
            "moat.demo.blocking=true"
        })
class DemoWorldTests {

    static final String PASSWORD = "demo-test-password";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Path SCREENSHOTS = Path.of(System.getProperty("moat.repo.root", ".."), "moat", "target", "screenshots")
            .toAbsolutePath()
            .normalize();

    @LocalServerPort
    int port;

    @Autowired
    DemoProgress progress;

    String token;

    @BeforeEach
    void signIn() throws Exception {
        token = post("/api/v1/auth/token", Map.of("username", "admin", "password", PASSWORD))
                .path("token")
                .asString();
    }

    @Test
    void theWorldIsBuiltThroughEveryChapterAndItsFiguresAreNotEmpty() throws Exception {
        var view = progress.view();
        assertThat(view.state()).as(view.toString()).isEqualTo("alive");
        assertThat(view.chapters())
                .allSatisfy(chapter -> assertThat(chapter.state()).isEqualTo("done"));

        String ws = "/api/v1/workspaces/demo-snacks";
        JsonNode imports = get(ws + "/imports?limit=100").path("items");
        assertThat(imports.size()).as("one export file per platform and month").isGreaterThanOrEqualTo(12);
        long imported = 0;
        for (JsonNode job : imports) {
            assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("completed");
            assertThat(job.path("rejected").asLong()).as(job.toString()).isZero();
            imported += job.path("imported").asLong();
        }
        assertThat(imported).isGreaterThan(1_000);

        LocalDate tomorrow = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(1);
        JsonNode half = get(ws + "/figures?from=" + tomorrow.minusDays(181) + "&to=" + tomorrow);
        assertThat(half.path("adds").asLong()).as(half.toString()).isGreaterThan(300);
        assertThat(half.path("gmvFen").asLong()).as(half.toString()).isPositive();
        assertThat(half.path("repurchaseRate90").asDouble()).as(half.toString()).isPositive();

        JsonNode matching = get(ws + "/figures/order-matching");
        assertThat(matching.size()).as("Taobao, JD and Douyin orders").isEqualTo(3);
        for (JsonNode platform : matching) {
            assertThat(platform.path("toFans").asLong()).as(platform.toString()).isPositive();
        }
        JsonNode sync = get(ws + "/wecom/sync").path("runs").get(0);
        assertThat(sync.path("counts").path("groups").asLong())
                .as(sync.toString())
                .isEqualTo(30);
    }

    @Test
    void aNewcomersFirstFiveMinutesOnTheDemo() throws Exception {
        assumeFalse(Boolean.getBoolean("moat.console.skip"), "console build skipped with -Dskip.web=true");
        Path repo = Path.of(System.getProperty("moat.repo.root", ".."))
                .toAbsolutePath()
                .normalize();
        Files.createDirectories(SCREENSHOTS);
        Path log = SCREENSHOTS.resolve("firstfive.mjs.log");
        var command = new ProcessBuilder("node", "e2e/firstfive.mjs")
                .directory(repo.resolve("web").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        command.environment().put("MOAT_URL", "http://127.0.0.1:" + port);
        command.environment().put("MOAT_ADMIN_PASSWORD", PASSWORD);
        command.environment().put("MOAT_DEMO_SLUG", "demo-snacks");
        command.environment().put("SCREENSHOT_DIR", SCREENSHOTS.toString());
        var process = command.start();
        process.getOutputStream().close();
        boolean finished = process.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(finished).as("firstfive.mjs finished in time:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("firstfive.mjs output:%n%s", output).isZero();
        for (String name : new String[] {
            "firstfive-1-login.png", "firstfive-2-overview.png", "firstfive-3-customers.png", "firstfive-4-profile.png"
        }) {
            File file = SCREENSHOTS.resolve(name).toFile();
            assertThat(file).as("%s%n%s", name, output).exists();
            assertThat(file.length()).as(name).isGreaterThan(5_000);
        }
    }

    private JsonNode get(String path) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode post(String path, Object body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
