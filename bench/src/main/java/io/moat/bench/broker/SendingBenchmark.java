package io.moat.bench.broker;

import static io.moat.bench.broker.BrokerCrashTest.get;
import static io.moat.bench.broker.BrokerCrashTest.post;

import io.moat.wecomsim.SimSettings;
import io.moat.wecomsim.WecomSim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * B6 sending: Moat's WeCom call path against a naive fixed-pool sender, on one wecom-sim that enforces WeCom's limits
 * (10,000 calls a minute per API and corp, 30 app messages a minute per member, 45009 past either) with 50–200 ms of
 * latency and 0.5 % HTTP 502s. Each run gives a peer a fresh corp (200 staff, {@code customers} customers each) so no
 * block carries over, and a JVM of its own ({@link SendingPeer}) so its CPU time is its own; the peers take turns
 * within each round. Figures come from the sim's own record of the calls it served.
 *
 * <p>Options: {@code -Db6=seconds=45,runs=5,warmups=1,staff=200,customers=10}.
 */
public final class SendingBenchmark {

    static final String TASK = "/cgi-bin/externalcontact/add_msg_template";
    static final String NOTICE = "/cgi-bin/message/send";
    static final String SECRET = "b6-secret";

    record Run(
            String peer,
            int cap,
            double seconds,
            double cpu,
            long tasksServed,
            long noticesServed,
            long rateRefusals,
            double window,
            long windowTasks,
            String childLine,
            String load) {

        /** Over the whole time the peer sent, its warm-up included, by the sim's count. */
        double taskShareOfCap() {
            return tasksServed / (seconds / 60.0 * cap);
        }

        /** Over the counted window only (after the warm-up), by the peer's count of tasks answered ok. */
        double windowShareOfCap() {
            return windowTasks / (window / 60.0 * cap);
        }

        double noticesPerMinute() {
            return noticesServed / (seconds / 60.0);
        }

        double cpuShareOfCore() {
            return cpu / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BrokerCrashTest.options(System.getProperty("b6", ""));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "45"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
        int warmups = Integer.parseInt(options.getOrDefault("warmups", "1"));
        int staff = Integer.parseInt(options.getOrDefault("staff", "200"));
        int customers = Integer.parseInt(options.getOrDefault("customers", "10"));
        // the sim's per-API minute limit; B6 says 10,000 (cap=3000 scales it to what a loaded 2-core box can serve)
        int cap = Integer.parseInt(options.getOrDefault("cap", "10000"));
        int warm = Integer.parseInt(options.getOrDefault("warm", "10"));
        // jfr=true records each Moat child with Java Flight Recorder (target/b6/<corp>.jfr), to see where its CPU goes
        boolean jfr = Boolean.parseBoolean(options.getOrDefault("jfr", "false"));
        // moatJvm=<flags separated by spaces>: extra JVM flags for the Moat child only (a diagnostic, e.g. more
        // carrier threads for its virtual threads)
        String moatJvm = options.getOrDefault("moatJvm", "");
        System.out.printf(
                "B6 sending: %d s per run after %d s uncounted, %d runs after %d warm-up, %d staff x %d customers,"
                        + " cap %d/min per API; processors=%d%n",
                seconds,
                warm,
                runs,
                warmups,
                staff,
                customers,
                cap,
                Runtime.getRuntime().availableProcessors());
        Path work = Path.of("target", "b6").toAbsolutePath();
        Files.createDirectories(work);
        List<String> peers = List.of(options.getOrDefault("peers", "moat+naive").split("\\+"));
        List<Run> measured = new ArrayList<>();
        try (WecomSim sim = WecomSim.start(SimSettings.defaults().withRealTimeClock(true))) {
            for (int round = 0; round < warmups + runs; round++) {
                for (int i = 0; i < peers.size(); i++) {
                    String peer = peers.get((i + round) % peers.size());
                    String corp = "wwb6" + peer + round;
                    Path targets = work.resolve(corp + ".tsv");
                    world(sim, corp, staff, customers, cap, targets);
                    String before = load();
                    List<String> jvm = new ArrayList<>();
                    if (jfr && peer.equals("moat")) {
                        jvm.add("-XX:StartFlightRecording=settings=profile,filename=" + work.resolve(corp + ".jfr"));
                    }
                    if (peer.equals("moat") && !moatJvm.isEmpty()) {
                        jvm.addAll(List.of(moatJvm.split(" ")));
                    }
                    String line = child(
                            peer, sim.baseUrl(), corp, seconds, cap, warm, targets, work.resolve(corp + ".log"), jvm);
                    Run run = run(sim, peer, corp, cap, warm, seconds, line, before + " → " + load());
                    System.out.printf(
                            "round %d%s %-5s tasks %6d (%.1f %% of the cap over the whole span; %.1f %% in the counted"
                                    + " window) notices %5d (%.0f/min) 45009s %d CPU %.1f %% of a core; load %s%n    %s%n",
                            round,
                            round < warmups ? " (warm-up)" : "",
                            peer,
                            run.tasksServed(),
                            100 * run.taskShareOfCap(),
                            100 * run.windowShareOfCap(),
                            run.noticesServed(),
                            run.noticesPerMinute(),
                            run.rateRefusals(),
                            100 * run.cpuShareOfCore(),
                            run.load(),
                            line);
                    if (round >= warmups) {
                        measured.add(run);
                    }
                }
            }
        }
        StringBuilder report = new StringBuilder(
                "\n| peer | add_msg_template, share of the cap in the counted window (median) | runs |"
                        + " share over the whole span, warm-up included (median) | notices served/min (median) |"
                        + " 45009 answers (all runs) | CPU, share of one core (median) | runs |\n"
                        + "|---|---:|---|---:|---:|---:|---:|---|\n");
        for (String peer : peers) {
            List<Run> mine =
                    measured.stream().filter(r -> r.peer().equals(peer)).toList();
            report.append(String.format(
                    "| %s | %.1f %% | %s | %.1f %% | %.0f | %d | %.1f %% | %s |%n",
                    peer,
                    100 * median(mine.stream().map(Run::windowShareOfCap).toList()),
                    mine.stream()
                            .map(r -> String.format("%.1f", 100 * r.windowShareOfCap()))
                            .toList(),
                    100 * median(mine.stream().map(Run::taskShareOfCap).toList()),
                    median(mine.stream().map(Run::noticesPerMinute).toList()),
                    mine.stream().mapToLong(Run::rateRefusals).sum(),
                    100 * median(mine.stream().map(Run::cpuShareOfCore).toList()),
                    mine.stream()
                            .map(r -> String.format("%.1f", 100 * r.cpuShareOfCore()))
                            .toList()));
        }
        System.out.println(report);
        Files.writeString(Path.of("target", "b6-results.md"), report.toString());
    }

    /** A corp with latency and 502s as B6 asks, {@code staff} members with {@code customers} customers each. */
    static void world(WecomSim sim, String corp, int staff, int customers, int cap, Path targets) throws Exception {
        String base = sim.baseUrl();
        post(base + "/sim/corps", Map.of("corpId", corp, "agentId", 1000002, "secret", SECRET), 201);
        String token = get(base + "/cgi-bin/gettoken?corpid=" + corp + "&corpsecret=" + SECRET)
                .path("access_token")
                .asString();
        List<String> lines = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<List<String>>> members = new ArrayList<>();
            for (int i = 0; i < staff; i++) {
                String userid = "staff" + i;
                int n = i;
                members.add(pool.submit(() -> {
                    post(
                            base + "/sim/corps/" + corp + "/staff",
                            Map.of("userid", userid, "name", "店员" + n, "departmentIds", List.of(1)),
                            201);
                    String way = post(
                                    base + "/cgi-bin/externalcontact/add_contact_way?access_token=" + token,
                                    Map.of("type", 1, "scene", 2, "user", List.of(userid), "state", "b6"),
                                    200)
                            .path("config_id")
                            .asString();
                    List<String> mine = new ArrayList<>();
                    for (int c = 0; c < customers; c++) {
                        String id = post(
                                        base + "/sim/corps/" + corp + "/scan",
                                        Map.of("configId", way, "customer", Map.of("name", "顾客" + n + "-" + c)),
                                        0)
                                .path("externalUserId")
                                .asString();
                        mine.add(userid + "\t" + id);
                    }
                    return mine;
                }));
            }
            for (Future<List<String>> member : members) {
                lines.addAll(member.get());
            }
        }
        Files.write(targets, lines);
        // set after the world is built, so building it is not slowed or failed
        post(
                base + "/sim/corps/" + corp + "/knobs",
                Map.of("latencyMillis", List.of(50, 200), "serverErrors", 0.005, "perCorpPerApiPerMinute", cap),
                200);
    }

    static String child(
            String peer,
            String base,
            String corp,
            int seconds,
            int cap,
            int warm,
            Path targets,
            Path log,
            List<String> extraJvm)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC"));
        command.addAll(extraJvm);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                SendingPeer.class.getName(),
                peer,
                base,
                corp,
                SECRET,
                String.valueOf(seconds),
                targets.toString(),
                String.valueOf(cap),
                String.valueOf(warm)));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(peer + " exited " + process.exitValue() + "; see " + log);
        }
        return Files.readAllLines(log).stream()
                .filter(l -> l.startsWith("RESULT "))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no RESULT in " + log));
    }

    /** The calls the sim served and refused with 45009 for the peer's corp, and the peer's CPU. */
    static Run run(WecomSim sim, String peer, String corp, int cap, int warm, int seconds, String line, String load)
            throws Exception {
        Map<String, Double> values = new HashMap<>();
        Matcher m = Pattern.compile("(total|taskSpan|wall|cpu|tasksOk|tasksOkWarming|noticesOk)=([0-9.]+)")
                .matcher(line);
        while (m.find()) {
            values.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        JsonNode calls = get(sim.baseUrl() + "/sim/corps/" + corp + "/api-calls");
        long refused = 0;
        long tasks = 0;
        long notices = 0;
        for (JsonNode path : calls.path("paths")) {
            refused += path.path("errcodes").path("45009").asLong();
            long ok = path.path("errcodes").path("0").asLong();
            if (path.path("path").asString().equals(TASK)) {
                tasks = ok;
            } else if (path.path("path").asString().equals(NOTICE)) {
                notices = ok;
            }
        }
        // rates from the sim's own count over the whole time the peer sent (its warm-up included, which can only
        // lower them); CPU over the counted window only (after JIT and connection set-up)
        // from the first call to the last task answer: the lanes stop at the deadline, but calls they had reserved
        // a moment for just before it still go out after it
        double sending = values.get("taskSpan");
        return new Run(
                peer,
                cap,
                sending,
                values.get("cpu") * sending / values.get("wall"),
                tasks,
                notices,
                refused,
                values.get("wall"),
                values.get("tasksOk").longValue(),
                line,
                load);
    }

    static String load() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private SendingBenchmark() {}
}
