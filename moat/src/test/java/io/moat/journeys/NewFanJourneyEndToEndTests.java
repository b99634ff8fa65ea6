package io.moat.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.MoatTest;
import io.moat.SimulatorControl;
import io.moat.customers.CustomerId;
import io.moat.messaging.BrokerWorld;
import io.moat.messaging.Content;
import io.moat.messaging.SendBroker;
import io.moat.messaging.SendKey;
import io.moat.messaging.SendRequest;
import io.moat.messaging.internal.MessagingPolicy;
import io.moat.messaging.internal.Policies;
import io.moat.shared.context.CallContext;
import io.moat.shared.schedule.DueWorkRunner;
import io.moat.wecom.archive.ArchiveIngestion;
import io.moat.wecomsim.SimSettings;
import io.moat.wecomsim.WecomSim;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The "Must show" run of issue 7: the new-fan template for 200 virtual customers who add two staff members in
 * wecom-sim, then sixteen days on an accelerated clock (the simulator's clock is set to every moment the test drains
 * Moat's schedule at; virtual staff confirm each mass task 30 s to 5 min after it is created). Thirty customers
 * reply 退订 on day 9; forty receive three brand broadcasts on days 10–12, so WeCom's monthly quota (set to 3)
 * runs out for them. Quiet hours sit around the moment the customers arrived, so every welcome waits for the window
 * to open.
 *
 * <p>Everything is asserted from the simulator's own record (its deliveries and API-call log): each message on the
 * day and at the time the template and the quiet hours give, nobody over the quota in any calendar month, nothing to
 * an opted-out customer after the stop word, no WeCom task created in quiet hours. Moat's tables are read only to
 * know when its asynchronous callback processing has caught up and when its next due work falls.
 */
@MoatTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NewFanJourneyEndToEndTests {

    static final WecomSim SIM = WecomSim.start(new SimSettings(0, 20261124L, Instant.now(), true));
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final int CUSTOMERS = 200;
    static final int QUOTA = 3;
    static final Duration SETTLES_WITHIN = Duration.ofMinutes(15);
    static final String WELCOME = "欢迎加入！";
    static final String FIRST_ORDER = "新人专享";
    static final String ACTIVATION = "本周种草";
    static final String BROADCAST = "品牌福利日";

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Autowired
    DueWorkRunner runner;

    @Autowired
    Policies policies;

    @Autowired
    SendBroker broker;

    @Autowired
    ArchiveIngestion archive;

    @Autowired
    TransactionTemplate transactions;

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    /** One virtual customer as the test made it: who, when they added, which staff member. */
    record Fan(String externalUserId, String staff, Instant addedAt) {}

    @Test
    void twoHundredNewFansGetTheRightMessagesOnTheRightDaysWithinQuotaQuietHoursAndOptOuts() throws Exception {
        BrokerWorld world = new BrokerWorld(SIM, port, owner);
        JdbcTemplate db = new JdbcTemplate(owner);
        world.control.knobs(
                world.corpId, Map.of("staffConfirmProbability", 1.0, "staffConfirmDelaySeconds", List.of(30, 300)));
        var created = world.api.post(
                "/api/v1/workspaces/" + world.slug + "/journeys",
                world.admin,
                Map.of("name", "新粉培育", "template", "new-fan"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long journey = created.body().path("id").asLong();
        var published = world.api.post(
                "/api/v1/workspaces/" + world.slug + "/journeys/" + journey + "/publish", world.admin, Map.of());
        assertThat(published.status()).as(published.toString()).isEqualTo(200);

        List<Fan> fans = addFans(world, db);
        Instant arrived =
                fans.stream().map(Fan::addedAt).max(Instant::compareTo).orElseThrow();
        // quiet hours from an hour before the adds to two hours after, every day, in the workspace's zone
        LocalTime quietStart = arrived.atZone(ZONE)
                .toLocalTime()
                .truncatedTo(ChronoUnit.MINUTES)
                .minusHours(1);
        LocalTime quietEnd = quietStart.plusHours(3);
        QuietHours quiet = new QuietHours(quietStart, quietEnd);
        CallContext.forTenant(world.tenant, "test")
                .run(() -> transactions.executeWithoutResult(status -> policies.store(
                        world.tenant,
                        new MessagingPolicy(
                                quietStart, quietEnd, 1, null, QUOTA, 0, Duration.ofHours(24), Duration.ofHours(4)))));

        List<Fan> optingOut = fans.subList(0, 30);
        List<Fan> broadcastTo = fans.subList(30, 70);
        Instant firstDrain = Instant.now();
        LocalDate day0 = arrived.atZone(ZONE).toLocalDate();
        Map<Instant, Runnable> moments = new TreeMap<>();
        Map<Fan, Instant> optedOutAt = new HashMap<>();
        Instant stopWord = day0.plusDays(9).atTime(15, 0).atZone(ZONE).toInstant();
        moments.put(stopWord, () -> {
            for (Fan fan : optingOut) {
                say(world, fan, "退订");
                optedOutAt.put(fan, stopWord);
            }
            archive.pull(world.tenant);
        });
        Map<Fan, List<Instant>> broadcasts = new HashMap<>();
        for (int day = 10; day <= 12; day++) {
            Instant at = day0.plusDays(day).atTime(15, 30).atZone(ZONE).toInstant();
            int n = day;
            moments.put(at, () -> {
                for (Fan fan : broadcastTo) {
                    CustomerId customer = customer(db, world, fan);
                    CallContext.forTenant(world.tenant, "test")
                            .run(() ->
                                    transactions.executeWithoutResult(status -> broker.request(SendRequest.toCustomer(
                                                    SendKey.of("broadcast", "day" + n, customer.value(), "1"),
                                                    customer,
                                                    Content.text(BROADCAST + " 第 " + n + " 天"))
                                            .notBefore(at, null))));
                    broadcasts.computeIfAbsent(fan, f -> new ArrayList<>()).add(at);
                }
            });
        }
        Instant end = day0.plusDays(17).atStartOfDay(ZONE).toInstant();
        runUntil(world, db, firstDrain, end, moments);
        Instant lastFirstDrainMoment = firstDrain;

        Map<String, List<JsonNode>> received = new HashMap<>();
        for (JsonNode delivery : all(world, "/sim/corps/" + world.corpId + "/deliveries")) {
            assertThat(delivery.path("kind").asString()).as(delivery.toString()).isEqualTo("mass");
            received.computeIfAbsent(delivery.path("externalUserId").asString(), k -> new ArrayList<>())
                    .add(delivery);
        }

        int broadcastsRefused = 0;
        for (Fan fan : fans) {
            List<JsonNode> got = received.getOrDefault(fan.externalUserId(), List.of());
            String who = fan + " received " + got;
            // nobody over the quota in any calendar month (WeCom counts in Beijing time)
            Map<YearMonth, Long> perMonth = got.stream()
                    .collect(Collectors.groupingBy(d -> YearMonth.from(at(d).atZone(ZONE)), Collectors.counting()));
            assertThat(perMonth.values()).as(who).allMatch(n -> n <= QUOTA);
            // every delivery comes from the staff member the customer added
            assertThat(got).as(who).allMatch(d -> d.path("userId").asString().equals(fan.staff()));

            Map<String, Instant> expected = new LinkedHashMap<>();
            expected.put(WELCOME, quiet.release(fan.addedAt()));
            Instant firstOrder = nextTen(fan.addedAt().plus(Duration.ofDays(6)));
            expected.put(FIRST_ORDER, quiet.release(firstOrder));
            expected.put(ACTIVATION, quiet.release(nextTen(firstOrder.plus(Duration.ofDays(7)))));
            Instant latestWelcome = quiet.release(lastFirstDrainMoment).plus(SETTLES_WITHIN);
            for (JsonNode delivery : got) {
                String text = delivery.path("text").asString();
                Instant at = at(delivery);
                if (text.startsWith(BROADCAST)) {
                    assertThat(broadcasts.get(fan)).as(who).isNotNull();
                    continue;
                }
                String kind = expected.keySet().stream()
                        .filter(text::startsWith)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("unexpected message " + delivery));
                Instant due = expected.get(kind);
                Instant latest = kind.equals(WELCOME) ? latestWelcome : due.plus(SETTLES_WITHIN);
                assertThat(at).as(kind + " of " + who).isBetween(due, latest);
                assertThat(at.atZone(ZONE).toLocalDate())
                        .as(kind + " on its day, " + who)
                        .isEqualTo(due.atZone(ZONE).toLocalDate());
            }
            long journeyMessages = got.stream()
                    .filter(d -> !d.path("text").asString().startsWith(BROADCAST))
                    .count();
            assertThat(got.stream().map(d -> d.path("text").asString()).distinct())
                    .as("no message twice: " + who)
                    .hasSameSizeAs(got);
            if (optedOutAt.containsKey(fan)) {
                assertThat(got).as("nothing after 退订: " + who).allMatch(d -> at(d).isBefore(optedOutAt.get(fan)));
                assertThat(journeyMessages).as(who).isEqualTo(2);
            } else if (broadcasts.containsKey(fan)) {
                // six messages asked for; the quota admits at most three a month, in the order they fell due
                List<Instant> asked = new ArrayList<>(expected.values());
                asked.addAll(broadcasts.get(fan));
                Map<YearMonth, Long> askedPerMonth = asked.stream()
                        .collect(Collectors.groupingBy(a -> YearMonth.from(a.atZone(ZONE)), Collectors.counting()));
                long admissible = askedPerMonth.values().stream()
                        .mapToLong(n -> Math.min(n, QUOTA))
                        .sum();
                assertThat(got).as(who).hasSize((int) admissible);
                broadcastsRefused += asked.size() - got.size();
            } else {
                assertThat(got)
                        .as(who)
                        .extracting(d -> d.path("text").asString().substring(0, 4))
                        .containsExactly(
                                WELCOME.substring(0, 4), FIRST_ORDER.substring(0, 4), ACTIVATION.substring(0, 4));
            }
        }
        assertThat(broadcastsRefused).as("the quota had to refuse some sends").isPositive();

        // no WeCom task was created in quiet hours: the simulator's log of add_msg_template calls
        JsonNode calls = SimulatorControl.json(world.call(
                "GET",
                "/sim/corps/" + world.corpId + "/api-calls?path=/cgi-bin/externalcontact/add_msg_template",
                null));
        List<JsonNode> tasks = calls.path("calls").valueStream().toList();
        assertThat(tasks).isNotEmpty();
        assertThat((long) tasks.size())
                .as("every call is still in the log")
                .isEqualTo(calls.path("paths").get(0).path("count").asLong());
        assertThat(tasks).allSatisfy(call -> assertThat(
                        quiet.covers(Instant.parse(call.path("at").asString())))
                .as(call.toString())
                .isFalse());
        // welcomes were held: the customers arrived in quiet hours and nothing reached anyone before they ended
        assertThat(received.values().stream().flatMap(List::stream).map(NewFanJourneyEndToEndTests::at))
                .allMatch(at -> !at.isBefore(quiet.release(arrived)));
    }

    /** Quiet hours every day from {@code start} to {@code end} (not across midnight), in the workspace's zone. */
    record QuietHours(LocalTime start, LocalTime end) {
        boolean covers(Instant at) {
            LocalTime time = at.atZone(ZONE).toLocalTime();
            return start.isBefore(end)
                    ? !time.isBefore(start) && time.isBefore(end)
                    : !time.isBefore(start) || time.isBefore(end);
        }

        /** The moment a send due at {@code at} may go: then, or when the quiet hours covering it end. */
        Instant release(Instant at) {
            if (!covers(at)) {
                return at;
            }
            ZonedDateTime local = at.atZone(ZONE);
            ZonedDateTime end = local.with(this.end).withSecond(0).withNano(0);
            return (end.isAfter(local) ? end : end.plusDays(1)).toInstant();
        }
    }

    /** The template's "waitUntil 10:00": the next 10:00 at or after {@code at}. */
    static Instant nextTen(Instant at) {
        ZonedDateTime local = at.atZone(ZONE);
        ZonedDateTime ten = local.toLocalDate().atTime(10, 0).atZone(ZONE);
        return (ten.isBefore(local) ? ten.plusDays(1) : ten).toInstant();
    }

    /** 200 customers scan one of the two staff members' codes; waits until Moat knows each of them. */
    private List<Fan> addFans(BrokerWorld world, JdbcTemplate db) throws Exception {
        String token = SimulatorControl.json(
                        world.call("GET", "/cgi-bin/gettoken?corpid=" + world.corpId + "&corpsecret=sim-secret", null))
                .path("access_token")
                .asString();
        Map<String, String> ways = new LinkedHashMap<>();
        for (String staff : List.of("zhangsan", "lisi")) {
            JsonNode way = SimulatorControl.json(world.call(
                    "POST",
                    "/cgi-bin/externalcontact/add_contact_way?access_token=" + token,
                    Map.of("type", 1, "scene", 2, "user", List.of(staff), "state", "fans-" + staff)));
            ways.put(staff, way.path("config_id").asString());
        }
        List<Fan> fans = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            String staff = i % 2 == 0 ? "zhangsan" : "lisi";
            var scan = world.call(
                    "POST",
                    "/sim/corps/" + world.corpId + "/scan",
                    Map.of("configId", ways.get(staff), "customer", Map.of("name", "新粉" + i)));
            assertThat(scan.statusCode()).as(scan.body()).isBetween(200, 201);
            String externalUserId =
                    SimulatorControl.json(scan).path("externalUserId").asString();
            Instant at = Instant.parse(SimulatorControl.json(world.call("GET", "/sim/clock", null))
                            .path("now")
                            .asString())
                    .truncatedTo(ChronoUnit.SECONDS);
            fans.add(new Fan(externalUserId, staff, at));
        }
        // Moat processes each add (profile, relation, tags, audiences, journeys) after acknowledging its callback
        Awaitility.await()
                .atMost(Duration.ofMinutes(15))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> db.queryForObject(
                                "select count(*) from shared.due_work where tenant_id = ? and kind = 'journeys.trigger'",
                                Long.class,
                                world.tenant.value())
                        == CUSTOMERS);
        return fans;
    }

    /**
     * Drains Moat's schedule at every moment something is due for this workspace (or the test has something to
     * do), with the simulator's clock set to that moment first, until {@code end}.
     */
    private void runUntil(BrokerWorld world, JdbcTemplate db, Instant from, Instant end, Map<Instant, Runnable> moments)
            throws Exception {
        TreeMap<Instant, Runnable> pending = new TreeMap<>(moments);
        Instant now = from;
        while (now.isBefore(end)) {
            world.call("POST", "/sim/clock", Map.of("set", now.toString()));
            while (!pending.isEmpty() && !pending.firstKey().isAfter(now)) {
                pending.pollFirstEntry().getValue().run();
            }
            runner.drain(now);
            Instant next = db.queryForObject(
                    "select min(due_at) from shared.due_work where tenant_id = ? and state = 'due'",
                    Instant.class,
                    world.tenant.value());
            if (!pending.isEmpty() && (next == null || pending.firstKey().isBefore(next))) {
                next = pending.firstKey();
            }
            if (next == null) {
                next = end;
            }
            now = next.isAfter(now) ? next : now.plusSeconds(1);
        }
    }

    private static CustomerId customer(JdbcTemplate db, BrokerWorld world, Fan fan) {
        return new CustomerId(db.queryForObject(
                "select customer_id from customers.identity where tenant_id = ? and kind = 'external_userid'"
                        + " and value = ?",
                Long.class,
                world.tenant.value(),
                fan.externalUserId()));
    }

    private static void say(BrokerWorld world, Fan fan, String text) {
        try {
            var said = world.call(
                    "POST",
                    "/sim/corps/" + world.corpId + "/customers/" + fan.externalUserId() + "/say",
                    Map.of("to", fan.staff(), "content", text));
            assertThat(said.statusCode()).as(said.body()).isBetween(200, 201);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> all(BrokerWorld world, String path) throws Exception {
        return SimulatorControl.json(world.call("GET", path, null))
                .valueStream()
                .toList();
    }

    private static Instant at(JsonNode delivery) {
        return Instant.parse(delivery.path("at").asString());
    }
}
