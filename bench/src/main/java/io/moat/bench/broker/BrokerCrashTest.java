package io.moat.bench.broker;

import io.moat.wecomsim.SimSettings;
import io.moat.wecomsim.WecomSim;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kill -9 test of the send broker: the real Moat application (a child JVM on an external PostgreSQL) drains
 * {@code sends} due 1:1 sends through consent and quota checks, per-staff batching, WeCom task creation
 * ({@code add_msg_template}) and result polling against an in-process wecom-sim whose virtual staff confirm every
 * task at once. The parent SIGKILLs the child {@code kills} times at random moments, restarts it, and lets the last
 * one run until every send has its final state. Then wecom-sim's delivery record is checked send by send: a sent send
 * was delivered exactly once, a skipped or failed one never; no customer got the message twice or without a send.
 *
 * <p>Options: {@code -Dbroker=sends=100000,staff=500,kills=5,lease=5}.
 */
public final class BrokerCrashTest {

    static final String CORP = "wwbrokercrash";
    static final String SECRET = "crash-secret";
    static final String TEXT = "双十一会员专享：全场八折（崩溃测试）";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(System.getProperty("broker", ""));
        int sends = Integer.parseInt(options.getOrDefault("sends", "100000"));
        int staff = Integer.parseInt(options.getOrDefault("staff", "500"));
        int kills = Integer.parseInt(options.getOrDefault("kills", "5"));
        int lease = Integer.parseInt(options.getOrDefault("lease", "5"));
        // aot=false starts every life without the JVM's ahead-of-time cache (see Child.trainAheadOfTimeCache);
        // aot=reuse takes the jars and cache an earlier run left in target/broker-crash
        String aotMode = options.getOrDefault("aot", "true");
        boolean aot = !aotMode.equals("false");
        // profile=true: pg_stat_statements, and the costliest statements at the end; a progress line every 10 s either
        // way. moatJvm=: extra JVM flags for every life of Moat, separated by spaces, ';' for ',' and {life} for the
        // life's number (e.g. moatJvm=-XX:StartFlightRecording=filename=life{life}.jfr;settings=profile).
        boolean profile = Boolean.parseBoolean(options.getOrDefault("profile", "false"));
        List<String> moatJvm = options.getOrDefault("moatJvm", "").isBlank()
                ? List.of()
                : List.of(options.get("moatJvm").replace(';', ',').trim().split(" +"));
        Path work = Path.of("target", "broker-crash").toAbsolutePath();
        Files.createDirectories(work);
        System.out.printf(
                "Broker crash: sends=%d staff=%d kills=%d lease=%ds aot=%s, %d processors%n",
                sends, staff, kills, lease, aotMode, Runtime.getRuntime().availableProcessors());
        EmbeddedPostgres.Builder database = EmbeddedPostgres.builder();
        if (profile) {
            database.setServerConfig("shared_preload_libraries", "pg_stat_statements");
        }
        try (EmbeddedPostgres postgres = database.setDataDirectory(work.resolve("pg"))
                        .setCleanDataDirectory(true)
                        .setPGStartupWait(Duration.ofSeconds(120))
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("max_connections", "200")
                        .setServerConfig("shared_buffers", "512MB")
                        .start();
                WecomSim sim = WecomSim.start(new SimSettings(0, 20261124L, Instant.now(), true))) {
            String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
            int port = freePort();
            if (profile) {
                execute(url, "create extension if not exists pg_stat_statements");
            }
            Child.Setup setup = new Child.Setup(url, port, work, lease).with(moatJvm);
            Child.Setup reused = aotMode.equals("reuse") ? Child.reuseAheadOfTimeCache(setup) : null;
            if (aotMode.equals("reuse")) {
                System.out.println("AOT cache: " + (reused == null ? "none to reuse, training" : "reused"));
            }
            Child.Training training = aot && reused == null ? Child.trainAheadOfTimeCache(setup) : null;
            List<String> customers = world(sim, staff, sends);
            if (training != null) {
                setup = training.await();
            } else if (reused != null) {
                setup = reused;
            }

            // Life 0 also sets the workspace up: Flyway (unless the training start did), admin, workspace, WeCom
            // config.
            Process child = Child.start(setup);
            Moat moat = new Moat("http://127.0.0.1:" + port);
            moat.awaitReady(child);
            long tenant = moat.connect(sim.baseUrl(), url);
            mirror(url, tenant, customers, staff);
            Instant queued = Instant.now();
            queueSends(url, tenant);
            System.out.printf("%d sends due at %s%n", sends, queued);
            if (profile) {
                execute(url, "select pg_stat_statements_reset()");
            }
            Thread progress = Thread.ofVirtual().start(() -> report(url, sim, queued));

            List<String> recoveries = new ArrayList<>();
            for (int life = 0; ; life++) {
                if (life > 0) {
                    Instant restart = Instant.now();
                    child = Child.start(setup);
                    moat.awaitReady(child);
                    long ready = Duration.between(restart, Instant.now()).toMillis();
                    long firstProgress = awaitProgress(url, child, restart);
                    recoveries.add("ready " + ready + " ms, first progress " + firstProgress + " ms");
                    System.out.printf(
                            "restart %d: ready after %d ms, first progress after %d ms (%s)%n",
                            life, ready, firstProgress, states(url));
                }
                if (life < kills) {
                    // Kill k lands once k/(kills+1) of the sends are settled, plus 0–3 s: while the broker is sending
                    // (creating tasks, polling results), not only while it checks sends before the first task.
                    long milestone = (long) sends * (life + 1) / (kills + 1);
                    while (settled(url, tenant) < milestone && child.isAlive()) {
                        Thread.sleep(1000);
                    }
                    if (!child.isAlive()) {
                        throw new IllegalStateException("the child died on its own");
                    }
                    Thread.sleep(ThreadLocalRandom.current().nextLong(0, 3000));
                    if (settled(url, tenant) == sends) {
                        System.out.println("every send settled before the planned kill; no more kills");
                        break;
                    }
                    long callsBefore = taskCalls(sim);
                    Thread.sleep(1000);
                    long callsInLastSecond = taskCalls(sim) - callsBefore;
                    child.destroyForcibly(); // SIGKILL on Linux
                    child.waitFor();
                    System.out.printf(
                            "kill -9 %d at %s: add_msg_template calls in the second before it %d, call intents"
                                    + " without a task msgid %d; %s%n",
                            life + 1, Instant.now(), callsInLastSecond, openIntents(url), states(url));
                    continue;
                }
                break;
            }
            Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
            while (settled(url, tenant) < sends) {
                if (!child.isAlive()) {
                    throw new IllegalStateException("the last child died on its own");
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("sends still open after 30 minutes: " + states(url));
                }
                Thread.sleep(1000);
            }
            long total = Duration.between(queued, Instant.now()).toMillis();
            child.destroy();
            child.waitFor(60, TimeUnit.SECONDS);
            System.out.printf("all %d sends settled %d ms after they were due: %s%n", sends, total, states(url));
            progress.interrupt();
            if (profile) {
                System.out.print(costliest(url));
            }
            check(url, sim, customers);
            System.out.println("recoveries: " + recoveries);
        }
    }

    /** The corp: staff members each with a contact way, and {@code sends} customers spread over them by scans. */
    static List<String> world(WecomSim sim, int staff, int customers) throws Exception {
        String base = sim.baseUrl();
        post(base + "/sim/corps", Map.of("corpId", CORP, "agentId", 1000002, "secret", SECRET), 201);
        post(
                base + "/sim/corps/" + CORP + "/knobs",
                Map.of("staffConfirmProbability", 1.0, "staffConfirmDelaySeconds", List.of(0, 0)),
                200);
        String token = get(base + "/cgi-bin/gettoken?corpid=" + CORP + "&corpsecret=" + SECRET)
                .path("access_token")
                .asString();
        List<String> ways = new ArrayList<>();
        for (int i = 0; i < staff; i++) {
            String userid = "staff" + i;
            post(
                    base + "/sim/corps/" + CORP + "/staff",
                    Map.of("userid", userid, "name", "店员" + i, "departmentIds", List.of(1)),
                    201);
            JsonNode way = post(
                    base + "/cgi-bin/externalcontact/add_contact_way?access_token=" + token,
                    Map.of("type", 1, "scene", 2, "user", List.of(userid), "state", "crash"),
                    200);
            ways.add(way.path("config_id").asString());
        }
        List<String> ids = new ArrayList<>(customers);
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<String>> scans = new ArrayList<>();
            for (int i = 0; i < customers; i++) {
                String way = ways.get(i % ways.size());
                String name = "顾客" + i;
                scans.add(pool.submit(() -> post(
                                base + "/sim/corps/" + CORP + "/scan",
                                Map.of("configId", way, "customer", Map.of("name", name)),
                                0)
                        .path("externalUserId")
                        .asString()));
            }
            for (Future<String> scan : scans) {
                ids.add(scan.get());
            }
        }
        System.out.printf("wecom-sim: %d staff, %d customers%n", staff, ids.size());
        return ids;
    }

    /**
     * Writes the customers and their follow relations into Moat's mirror ({@code customers.customer}, {@code identity},
     * {@code staff_relation}) as the WeCom sync writes them: the sync is not under test, and on the loaded shared
     * machine it mirrored about two customers a second. Customer {@code i} follows {@code staff<i mod staff>}, as
     * scanned.
     */
    static void mirror(String url, long tenant, List<String> customers, int staff) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("create temporary table scanned (n int, external_user_id text) on commit drop");
            }
            try (var insert = c.prepareStatement("insert into scanned values (?, ?)")) {
                for (int i = 0; i < customers.size(); i++) {
                    insert.setInt(1, i + 1);
                    insert.setString(2, customers.get(i));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                s.execute("""
                        insert into customers.customer (tenant_id, number, display_name, source, created_at,
                            first_added_at)
                        select %1$d, n, '顾客' || (n - 1), 'wecom', now(), now() from scanned;
                        insert into customers.number_counter (tenant_id, last_number)
                        values (%1$d, %2$d)
                        on conflict (tenant_id) do update set last_number = excluded.last_number;
                        insert into customers.identity (tenant_id, kind, value, customer_id, source, confidence,
                            linked_at)
                        select %1$d, 'external_userid', s.external_user_id, c.id, 'wecom', 'certain', now()
                        from scanned s join customers.customer c on c.tenant_id = %1$d and c.number = s.n;
                        insert into customers.staff_relation (tenant_id, customer_id, staff_user_id, state, added_at)
                        select %1$d, c.id, 'staff' || ((s.n - 1) %% %3$d), 'crash', now()
                        from scanned s join customers.customer c on c.tenant_id = %1$d and c.number = s.n;
                        """.formatted(tenant, customers.size(), staff));
            }
            c.commit();
        }
        System.out.printf("Moat's customer mirror: %d customers with one relation each%n", customers.size());
    }

    /**
     * One due 1:1 send per customer, written as {@code SendIntake.record} writes them (send row, pending, and its
     * checks due now), all in one statement: "100k sends due" at once.
     */
    static void queueSends(String url, long tenant) throws Exception {
        // No quiet hours (the default policy holds sends 22:00–08:00 in the workspace's zone, which would park the
        // run), no brand caps: every send should go out, so every check ends in a WeCom task.
        execute(url, """
                insert into messaging.policy (tenant_id, quiet_start, quiet_end, updated_at)
                values (%d, null, null, now())
                on conflict (tenant_id) do update set quiet_start = null, quiet_end = null
                """.formatted(tenant));
        execute(url, """
                insert into messaging.send (tenant_id, send_key, journey_id, step_id, channel, customer_id, body,
                    priority, not_before, hold_until, requested_at, state)
                select %d, 'bench/crash/customer/' || i.customer_id || '/1', 'crash', '1', 'customer', i.customer_id,
                    '%s', 'normal', now(), now() + interval '1 day', now(), 'pending'
                from customers.identity i
                where i.tenant_id = %d and i.kind = 'external_userid'
                """.formatted(tenant, TEXT, tenant));
        execute(url, """
                insert into shared.due_work (tenant_id, kind, key, payload, due_at, created_at)
                select tenant_id, 'messaging.send', 'send/' || id, jsonb_build_object('send', id), now(), now()
                from messaging.send where tenant_id = %d
                """.formatted(tenant));
    }

    /** Every send against wecom-sim's record of mass deliveries of the text. */
    static void check(String url, WecomSim sim, List<String> customers) throws Exception {
        Map<String, Integer> delivered = new HashMap<>();
        for (JsonNode delivery : get(sim.baseUrl() + "/sim/corps/" + CORP + "/deliveries")) {
            if (delivery.path("kind").asString().equals("mass")
                    && delivery.path("text").asString().equals(TEXT)) {
                delivered.merge(delivery.path("externalUserId").asString(), 1, Integer::sum);
            }
        }
        Map<String, String> stateOf = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = c.createStatement();
                var r = s.executeQuery("""
                        select i.value, s.state, coalesce(s.reason, '')
                        from messaging.send s
                        join customers.identity i on i.tenant_id = s.tenant_id and i.customer_id = s.customer_id
                                                  and i.kind = 'external_userid'
                        """)) {
            while (r.next()) {
                stateOf.put(r.getString(1), r.getString(2) + (r.getString(3).isEmpty() ? "" : ":" + r.getString(3)));
            }
        }
        int sent = 0, quiet = 0, lost = 0, doubled = 0, stray = 0;
        Map<String, Integer> others = new HashMap<>();
        for (String customer : customers) {
            String state = stateOf.get(customer);
            int times = delivered.getOrDefault(customer, 0);
            if (state == null) {
                stray += times;
                lost++;
            } else if (state.equals("sent")) {
                sent++;
                if (times == 0) {
                    lost++;
                } else if (times > 1) {
                    doubled++;
                }
            } else {
                quiet++;
                others.merge(state, 1, Integer::sum);
                if (times > 0) {
                    stray++; // skipped or failed, yet WeCom delivered it
                }
            }
        }
        long tasksInSim = get(sim.baseUrl() + "/sim/corps/" + CORP + "/api-calls?path=/cgi-bin/externalcontact"
                        + "/add_msg_template")
                .path("paths")
                .valueStream()
                .mapToLong(p -> p.path("errcodes").path("0").asLong(0))
                .sum();
        long tasksInMoat = count(url, "select count(*) from messaging.task where msg_id is not null");
        long adopted = count(url, "select count(*) from messaging.call_intent where subject like 'task/%'");
        System.out.printf(
                "checked %d sends: sent (delivered at least once) %d; skipped/failed %d %s; sent but never delivered %d;"
                        + " delivered twice or more %d; delivered without a sent send %d%n",
                customers.size(), sent - doubled, quiet, others, lost, doubled, stray);
        System.out.printf(
                "WeCom tasks created (add_msg_template answered ok) %d; tasks Moat holds with a msgid %d; intents %d%n",
                tasksInSim, tasksInMoat, adopted);
        if (lost != 0 || doubled != 0 || stray != 0 || sent + quiet != customers.size()) {
            throw new IllegalStateException("FAIL: a send was lost, doubled or delivered without being sent");
        }
        System.out.println("PASS: every send delivered exactly once or in one recorded skipped/failed state");
    }

    /**
     * Every 10 s until interrupted: where the sends are (states), the due rows per kind still due, the tasks per state
     * and WeCom calls answered, so a slow run shows which stage holds the sends.
     */
    static void report(String url, WecomSim sim, Instant queued) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(10_000);
                String due = text(url, """
                        select coalesce(string_agg(kind || '=' || n, ' ' order by kind), '')
                        from (select kind, count(*) n from shared.due_work where state = 'due' group by kind) k
                        """);
                String tasks = text(url, """
                        select coalesce(string_agg(state || '=' || n, ' ' order by state), '')
                        from (select state, count(*) n from messaging.task group by state) t
                        """);
                System.out.printf(
                        "PROGRESS +%ds: sends %s| due %s | tasks %s | add_msg_template calls %d | load %s%n",
                        Duration.between(queued, Instant.now()).toSeconds(),
                        states(url).replaceAll("tasks=\\d+", ""),
                        due,
                        tasks,
                        taskCalls(sim),
                        Files.readString(Path.of("/proc/loadavg")).trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.out.println("progress report stopped: " + e);
        }
    }

    /** The fifteen statements with the most execution time since the reset, from pg_stat_statements. */
    static String costliest(String url) throws Exception {
        StringBuilder out = new StringBuilder("costliest statements:\n");
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = c.createStatement();
                var r = s.executeQuery("""
                        select calls, round(total_exec_time::numeric, 0), rows,
                               regexp_replace(left(query, 200), '\\s+', ' ', 'g')
                        from pg_stat_statements order by total_exec_time desc limit 15
                        """)) {
            while (r.next()) {
                out.append(String.format(
                        "  %8d calls %9s ms %9d rows  %s%n",
                        r.getLong(1), r.getString(2), r.getLong(3), r.getString(4)));
            }
        }
        return out.toString();
    }

    /** add_msg_template calls wecom-sim has answered, whatever the answer. */
    static long taskCalls(WecomSim sim) throws Exception {
        return get(sim.baseUrl() + "/sim/corps/" + CORP + "/api-calls?path=/cgi-bin/externalcontact/add_msg_template")
                .path("paths")
                .valueStream()
                .mapToLong(p -> p.path("errcodes")
                        .valueStream()
                        .mapToLong(JsonNode::asLong)
                        .sum())
                .sum();
    }

    /** Call intents whose task has no msgid yet: calls made or about to be made when the process died. */
    static long openIntents(String url) throws Exception {
        return count(url, """
                select count(*) from messaging.call_intent ci
                where ci.subject like 'task/%' and not exists (
                    select 1 from messaging.task t
                    where t.tenant_id = ci.tenant_id and 'task/' || t.id = ci.subject and t.msg_id is not null)
                """);
    }

    /**
     * Waits for the restarted process's first progress: a due row it finished (a send checked, batched, tasked or
     * settled), found through the index on finished rows. Polled every 100 ms with a query that reads a few index
     * entries: counting the sends here (a scan of 100,000 rows, every 50 ms in the first version) took a good part of a
     * core from the database while it recovered, and so lengthened the recovery it measured.
     */
    static long awaitProgress(String url, Process child, Instant restart) throws Exception {
        String sql = "select count(*) from (select 1 from shared.due_work where state <> 'due' and finished_at > '"
                + restart + "'::timestamptz limit 1) f";
        while (count(url, sql) == 0) {
            if (!child.isAlive()) {
                throw new IllegalStateException("the child died on its own");
            }
            Thread.sleep(100);
        }
        return Duration.between(restart, Instant.now()).toMillis();
    }

    /**
     * Sends in a final state, polled once a second while the parent waits for a kill's milestone or the end: by the
     * state index, not by scanning the table for {@code settled_at} (at 100,000 sends that scan, four times a second,
     * took most of a core from the database under test).
     */
    static long settled(String url, long tenant) throws Exception {
        return count(
                url,
                "select count(*) from messaging.send where tenant_id = " + tenant
                        + " and state in ('sent', 'skipped', 'failed')");
    }

    static String states(String url) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = c.createStatement();
                // by the state index of the one workspace, not a scan of the table (polled every 10 s)
                var r = s.executeQuery("""
                        select state, count(*) from messaging.send
                        where tenant_id = (select min(tenant_id) from messaging.send)
                        group by state order by state
                        """)) {
            while (r.next()) {
                out.append(r.getString(1)).append('=').append(r.getLong(2)).append(' ');
            }
        }
        out.append("tasks=").append(count(url, "select count(*) from messaging.task"));
        return out.toString();
    }

    static long count(String url, String sql) throws Exception {
        return Long.parseLong(text(url, sql));
    }

    static String text(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = c.createStatement();
                var r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    static void execute(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static JsonNode get(String uri) throws IOException, InterruptedException {
        var response =
                HTTP.send(HttpRequest.newBuilder(URI.create(uri)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** POSTs JSON and answers the parsed body; {@code expected} 0 accepts any 2xx. */
    static JsonNode post(String uri, Object body, int expected) throws IOException, InterruptedException {
        var response = HTTP.send(
                HttpRequest.newBuilder(URI.create(uri))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        boolean ok = expected == 0
                ? response.statusCode() / 100 == 2
                : response.statusCode() == expected || (expected == 200 && response.statusCode() == 201);
        if (!ok) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode json = JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
        if (uri.contains("/cgi-bin/") && json.path("errcode").asInt() != 0) {
            throw new IllegalStateException(uri + " answered " + json);
        }
        return json;
    }

    /** {@code a=1,b=2} into a map. */
    static Map<String, String> options(String text) {
        Map<String, String> options = new HashMap<>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                options.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return options;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private BrokerCrashTest() {}
}
