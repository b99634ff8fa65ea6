package io.moat.bench.ingest;

import io.moat.MoatApplication;
import io.moat.bench.ProcessCpu;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * End-to-end order import throughput: a whole Moat (the same {@link MoatApplication}, its own embedded PostgreSQL in
 * a fresh data directory) is started, a workspace created through the API, and a Taobao 订单报表 of {@code orders}
 * rows (GBK CSV, as the seller centre exports it) uploaded to {@code POST …/imports/orders}; the clock runs from the
 * upload until {@code GET …/imports/{id}} reports the job completed, which is after every batch was written and
 * its buyers linked to profiles with their derived values (linking runs after each batch's commit, in the import's
 * thread). Then the same file is imported again, which must add nothing. Options as {@code -Dimport=orders=200000,
 * buyers=70000,plainPhones=0.5,seed=42}.
 */
public final class ImportThroughput {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private ImportThroughput() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(System.getProperty("import", ""));
        int orders = Integer.parseInt(options.getOrDefault("orders", "200000"));
        int buyers = Integer.parseInt(options.getOrDefault("buyers", Integer.toString(orders / 3)));
        double plainPhones = Double.parseDouble(options.getOrDefault("plainPhones", "0.5"));
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));

        Path data =
                Path.of("target", "import-bench-" + System.currentTimeMillis()).toAbsolutePath();
        Files.createDirectories(data);
        String password = "bench-" + UUID.randomUUID();
        System.setProperty("MOAT_DATA_DIR", data.toString());
        System.setProperty("MOAT_ADMIN_PASSWORD", password);
        System.setProperty("MOAT_PORT", "0");
        var application = new SpringApplication(MoatApplication.class);
        application.setDefaultProperties(Map.of("moat.demo.enabled", "false"));
        try (ConfigurableApplicationContext context = application.run()) {
            String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
            var http = new Http(base);
            http.bearer = http.send("POST", "/api/v1/auth/token", Map.of("username", "admin", "password", password))
                    .path("token")
                    .asString();
            http.send(
                    "POST",
                    "/api/v1/workspaces",
                    Map.of("slug", "bench", "name", "Bench", "timezone", "Asia/Shanghai", "currency", "CNY"));

            long generating = System.nanoTime();
            byte[] file = taobao(orders, buyers, plainPhones, seed);
            System.out.printf(
                    Locale.ROOT,
                    "file: %,d rows, %,d buyers, %.0f%% with a plain phone, %,d bytes (GBK), made in %d ms%n",
                    orders,
                    buyers,
                    plainPhones * 100,
                    file.length,
                    (System.nanoTime() - generating) / 1_000_000);
            System.out.println("processors: " + Runtime.getRuntime().availableProcessors());

            for (String pass : List.of("first import", "same file again")) {
                long start = System.nanoTime();
                ProcessCpu cpuBefore = cpuSeconds(data);
                JsonNode report = http.importFile(file);
                double seconds = (System.nanoTime() - start) / 1e9;
                ProcessCpu cpuAfter = cpuSeconds(data);
                double jvm = cpuAfter.jvm() - cpuBefore.jvm();
                double pg = cpuAfter.postgres() - cpuBefore.postgres();
                System.out.printf(
                        Locale.ROOT,
                        "%s: CPU used %.1f s by Moat's JVM + %.1f s by PostgreSQL = %.1f s, %,.0f rows per CPU-second"
                                + " (%,.0f rows/s if the job had both cores to itself)%n",
                        pass,
                        jvm,
                        pg,
                        jvm + pg,
                        orders / (jvm + pg),
                        orders / ((jvm + pg) / 2));
                System.out.printf(
                        Locale.ROOT,
                        "%s: %.2f s, %,.0f rows/s; status %s, rowsRead %d, imported %d, duplicates %d, rejected %d%n",
                        pass,
                        seconds,
                        orders / seconds,
                        report.path("status").asString(),
                        report.path("rowsRead").asLong(),
                        report.path("imported").asLong(),
                        report.path("duplicates").asLong(),
                        report.path("rejected").asLong());
            }
            JsonNode matches = http.send("GET", "/api/v1/workspaces/bench/figures/order-matching", null);
            System.out.println("match rates: " + matches);
        }
    }

    /** CPU seconds so far of this JVM and of the PostgreSQL under {@code data}. */
    static ProcessCpu cpuSeconds(Path data) {
        return ProcessCpu.now(ProcessCpu.postmasterOf("-D " + data.resolve("postgres")));
    }

    /** A Taobao 订单报表: one row per order, long-tailed buyers, half the phones plain (so linkable), half masked. */
    static byte[] taobao(int orders, int buyers, double plainPhones, long seed) throws IOException {
        var random = new SplittableRandom(seed);
        var out = new ByteArrayOutputStream(orders * 160);
        Charset gbk = Charset.forName("GBK");
        out.write(
                ("订单编号,买家会员名,买家应付货款,买家应付邮费,总金额,买家实际支付金额,订单状态,收货人姓名,收货地址,联系手机,订单创建时间," + "订单付款时间,宝贝标题,宝贝总数量,订单关闭原因\r\n")
                        .getBytes(gbk));
        LocalDateTime start = LocalDateTime.of(2025, 1, 1, 0, 0);
        StringBuilder row = new StringBuilder(256);
        for (int i = 0; i < orders; i++) {
            // a skewed buyer: the first buyers order far more often than the last
            int buyer = (int) (buyers * Math.pow(random.nextDouble(), 2));
            boolean plain = (buyer * 2654435761L & 0xffff) < plainPhones * 0x10000;
            String phone = plain
                    ? "1" + (30 + buyer % 60) + String.format(Locale.ROOT, "%08d", buyer)
                    : "138****" + String.format(Locale.ROOT, "%04d", buyer % 10_000);
            long goods = 1_000 + random.nextLong(30_000);
            long post = random.nextInt(4) == 0 ? 1_000 : 0;
            LocalDateTime created = start.plusSeconds(random.nextLong(600L * 24 * 3600));
            row.setLength(0);
            row.append("=\"")
                    .append(3_000_000_000_000L + i)
                    .append("\",buyer_")
                    .append(buyer)
                    .append(',')
                    .append(yuan(goods))
                    .append(',')
                    .append(yuan(post))
                    .append(',')
                    .append(yuan(goods + post))
                    .append(',')
                    .append(yuan(goods + post))
                    .append(",交易成功,买家")
                    .append(buyer % 1000)
                    .append(",浙江省 杭州市 西湖区 文三路")
                    .append(buyer % 500)
                    .append("号,")
                    .append(phone)
                    .append(',')
                    .append(TIME.format(created))
                    .append(',')
                    .append(TIME.format(created.plusMinutes(3)))
                    .append(",\"坚果礼盒，每日坚果\",")
                    .append(1 + random.nextInt(3))
                    .append(",订单未关闭\r\n");
            out.write(row.toString().getBytes(gbk));
        }
        return out.toByteArray();
    }

    private static String yuan(long fen) {
        return fen / 100 + "." + String.format(Locale.ROOT, "%02d", fen % 100);
    }

    private static Map<String, String> options(String text) {
        Map<String, String> options = new HashMap<>();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                options.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return options;
    }

    private static final class Http {
        private final String base;
        private final HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private String bearer;

        Http(String base) {
            this.base = base;
        }

        JsonNode importFile(byte[] file) throws IOException, InterruptedException {
            String boundary = "----moat-bench-" + UUID.randomUUID();
            List<byte[]> parts = new ArrayList<>();
            parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"source\"\r\n\r\ntaobao\r\n"
                            + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
                            + "filename=\"taobao-orders.csv\"\r\nContent-Type: text/csv\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            parts.add(file);
            parts.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            var request = HttpRequest.newBuilder(URI.create(base + "/api/v1/workspaces/bench/imports/orders"))
                    .timeout(Duration.ofMinutes(5))
                    .header("Authorization", "Bearer " + bearer)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArrays(parts))
                    .build();
            long id = JSON.readTree(exchange(request)).path("id").asLong();
            while (true) {
                JsonNode report = send("GET", "/api/v1/workspaces/bench/imports/" + id, null);
                if (!report.path("status").asString().equals("running")) {
                    return report;
                }
                Thread.sleep(50);
            }
        }

        JsonNode send(String method, String path, Object body) throws IOException, InterruptedException {
            var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5));
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            return JSON.readTree(exchange(request.build()));
        }

        private String exchange(HttpRequest request) throws IOException, InterruptedException {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body();
        }
    }
}
