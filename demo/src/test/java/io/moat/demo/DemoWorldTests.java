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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo world at a small scale (1%: about 500 customers, 2,000 orders), built before the first test through the
 * real paths, then a newcomer's first five minutes on it in headless Chromium ({@code web/e2e/firstfive.mjs}), and
 * last the demo workspace deleted from the console ({@code web/e2e/demodelete.mjs}).
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
            "moat.demo.blocking=true",
            "moat.messaging.poll-every=30s"
        })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
    @Order(1)
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
    @Order(1)
    void channelsGroupsJourneysAndSendsCameThroughTheirModules() throws Exception {
        String ws = "/api/v1/workspaces/demo-snacks";
        JsonNode channels = get(ws + "/channels");
        assertThat(channels.size()).isEqualTo(6);
        java.util.Set<String> kinds = new java.util.HashSet<>();
        channels.forEach(c -> kinds.add(c.path("kind").asString()));
        assertThat(kinds).as("six kinds of channel code").hasSize(6);
        JsonNode batches = get(ws + "/channel-batches");
        assertThat(batches.size()).isEqualTo(3);
        long scans = 0;
        long adds = 0;
        for (JsonNode batch : batches) {
            JsonNode funnel = get(ws + "/channel-batches/" + batch.path("id").asLong() + "/funnel");
            scans += funnel.path("scans").asLong();
            adds += funnel.path("adds").asLong();
        }
        assertThat(scans).as("visits of the package card through /c/{code}").isPositive();
        assertThat(adds)
                .as("adds by the package card's contact ways, from WeCom's add callbacks")
                .isPositive();

        JsonNode groups = get(ws + "/community/groups?days=7").path("items");
        assertThat(groups.size()).isEqualTo(30);
        java.util.Set<String> types = new java.util.HashSet<>();
        long messages = 0;
        for (JsonNode group : groups) {
            types.add(group.path("type").asString());
            messages += group.path("figures").path("messages").asLong();
        }
        assertThat(types).containsExactlyInAnyOrder("welfare", "vip", "service", "traffic", "flash");
        assertThat(messages).as("a week of chat from the message archive").isPositive();

        JsonNode journeys = get(ws + "/journeys");
        assertThat(journeys.size()).isEqualTo(5);
        long newFan = 0;
        for (JsonNode journey : journeys) {
            assertThat(journey.path("status").asString())
                    .as(journey.path("name").asString())
                    .isEqualTo("active");
            if (journey.path("template").asString().equals("new-fan")) {
                newFan = journey.path("id").asLong();
            }
        }
        JsonNode funnel = get(ws + "/journeys/" + newFan + "/funnel");
        long entered = 0;
        for (JsonNode step : funnel.path("steps")) {
            entered = Math.max(entered, step.path("entered").asLong());
        }
        assertThat(entered).as(funnel.toString()).isPositive();

        JsonNode sends = get(ws + "/sends?limit=500").path("sends");
        java.util.Set<String> reasons = new java.util.HashSet<>();
        for (JsonNode send : sends) {
            if (send.path("state").asString().equalsIgnoreCase("skipped")) {
                reasons.add(send.path("reason").asString());
            }
        }
        assertThat(reasons).as(sends.toString()).contains("opted_out", "not_a_friend");
    }

    @Test
    @Order(1)
    void staffWorkThroughTheTasksMoatRaisedOnceTheWorldIsAlive() throws Exception {
        String ws = "/api/v1/workspaces/demo-snacks";
        // the guard's tasks come with the archive's next pull (every 30 s); the keep-alive ticks every second and
        // finishes a task every other tick on average
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(120))
                .until(() -> get(ws + "/tasks?status=done&limit=100")
                        .path("items")
                        .valueStream()
                        .anyMatch(t -> t.path("closingNote").asString("").startsWith("已处理")));
    }

    @Test
    @Order(2)
    void aNewcomersFirstFiveMinutesOnTheDemo() throws Exception {
        String output = runScript("e2e/firstfive.mjs");
        for (String name : new String[] {
            "firstfive-1-login.png",
            "firstfive-2-overview.png",
            "firstfive-3-customers.png",
            "firstfive-4-profile.png",
            "firstfive-5-channel-funnel.png",
            "firstfive-6-group.png",
            "firstfive-7-journey-funnel.png",
            "firstfive-8-send-log.png"
        }) {
            File file = SCREENSHOTS.resolve(name).toFile();
            assertThat(file).as("%s%n%s", name, output).exists();
            assertThat(file.length()).as(name).isGreaterThan(5_000);
        }
    }

    /** Last: the demo workspace deleted from the console (Settings → Workspace) is gone. */
    @Test
    @Order(Integer.MAX_VALUE)
    void theDemoWorkspaceCanBeDeletedFromTheConsole() throws Exception {
        String output = runScript("e2e/demodelete.mjs");
        assertThat(SCREENSHOTS.resolve("demo-delete-dialog.png").toFile())
                .as(output)
                .exists();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/workspaces/demo-snacks"))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        var response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    }

    private String runScript(String script) throws Exception {
        assumeFalse(Boolean.getBoolean("moat.console.skip"), "console build skipped with -Dskip.web=true");
        Path repo = Path.of(System.getProperty("moat.repo.root", ".."))
                .toAbsolutePath()
                .normalize();
        Files.createDirectories(SCREENSHOTS);
        Path log = SCREENSHOTS.resolve(Path.of(script).getFileName() + ".log");
        var command = new ProcessBuilder("node", script)
                .directory(repo.resolve("web").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        command.environment().put("MOAT_URL", "http://127.0.0.1:" + port);
        command.environment().put("MOAT_ADMIN_PASSWORD", PASSWORD);
        command.environment().put("MOAT_DEMO_SLUG", "demo-snacks");
        command.environment().put("SCREENSHOT_DIR", SCREENSHOTS.toString());
        var process = command.start();
        process.getOutputStream().close();
        boolean finished = process.waitFor(240, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(finished).as("%s finished in time:%n%s", script, output).isTrue();
        assertThat(process.exitValue()).as("%s output:%n%s", script, output).isZero();
        return output;
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
