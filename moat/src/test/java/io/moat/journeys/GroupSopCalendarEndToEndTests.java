package io.moat.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.MoatTest;
import io.moat.SimulatorControl;
import io.moat.messaging.BrokerWorld;
import io.moat.shared.context.CallContext;
import io.moat.shared.schedule.DueWorkRunner;
import io.moat.shared.schedule.Schedule;
import io.moat.wecomsim.SimSettings;
import io.moat.wecomsim.WecomSim;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A welfare-group SOP calendar (08:00 check-in and 20:30 Q&A every day, 19:00 member day on Wednesdays) runs for
 * eight days on an accelerated clock against wecom-sim, with a second sweep of the same calendar racing the first
 * (as a second Moat instance would). The simulator's record of group mass sends shows each post in each welfare group
 * once, on the right days, at the right local time (within the owner's confirmation delay); the VIP group hears
 * nothing.
 */
@MoatTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupSopCalendarEndToEndTests {

    static final WecomSim SIM = WecomSim.start(new SimSettings(0, 20261125L, Instant.now(), true));
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Duration CONFIRMED_WITHIN = Duration.ofMinutes(15);

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Autowired
    DueWorkRunner runner;

    @Autowired
    Schedule schedule;

    @Autowired
    TransactionTemplate transactions;

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    @Test
    void theCalendarsPostsReachEveryGroupOfItsTypeOnceOnTheRightDaysAtTheRightTimes() throws Exception {
        BrokerWorld world = new BrokerWorld(SIM, port, owner);
        JdbcTemplate db = new JdbcTemplate(owner);
        world.control.knobs(
                world.corpId, Map.of("staffConfirmProbability", 1.0, "staffConfirmDelaySeconds", List.of(30, 300)));
        var one = world.customer("群友甲", false);
        var two = world.customer("群友乙", false);
        Map<String, String> types = new HashMap<>();
        for (String type : List.of("welfare", "welfare", "vip")) {
            JsonNode created = SimulatorControl.json(world.call(
                    "POST",
                    "/sim/corps/" + world.corpId + "/groups",
                    Map.of(
                            "owner",
                            "zhangsan",
                            "name",
                            type + types.size(),
                            "memberExternalUserIds",
                            List.of(one.externalUserId(), two.externalUserId()),
                            "memberUserIds",
                            List.of())));
            types.put(created.path("chatId").asString(), type);
        }
        String base = "/api/v1/workspaces/" + world.slug;
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> world.api
                                .call(HttpMethod.POST, base + "/community/groups/refresh", world.admin, Map.of())
                                .body()
                                .path("count")
                                .asInt()
                        >= types.size());
        types.forEach((chat, type) -> assertThat(world.api
                        .call(HttpMethod.PATCH, base + "/community/groups/" + chat, world.admin, Map.of("type", type))
                        .status())
                .isEqualTo(200));

        var bad = world.api.call(
                HttpMethod.PUT,
                base + "/sop-calendars/welfare",
                world.admin,
                Map.of(
                        "name",
                        "福利群日历",
                        "active",
                        true,
                        "slots",
                        List.of(Map.of("time", "25:00", "title", "x", "text", "y"))));
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        var saved = world.api.call(
                HttpMethod.PUT,
                base + "/sop-calendars/welfare",
                world.admin,
                Map.of(
                        "name",
                        "福利群日历",
                        "active",
                        true,
                        "slots",
                        List.of(
                                Map.of("key", "checkin", "time", "08:00", "title", "早安打卡", "text", "早安打卡：今天也要元气满满"),
                                Map.of("key", "qa", "time", "20:30", "title", "晚间答疑", "text", "晚间答疑：有问题尽管问"),
                                Map.of(
                                        "key",
                                        "member-day",
                                        "weekday",
                                        3,
                                        "time",
                                        "19:00",
                                        "title",
                                        "会员日",
                                        "text",
                                        "周三会员日：全场福利"))));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        long calendar = saved.body().path("id").asLong();
        int revision = saved.body().path("revision").asInt();
        Instant start = Instant.now();
        // a second sweep of the same revision over the same window: a second instance, or a restart mid-run
        var next = world.api.get(base + "/sop-calendars/welfare/posts?days=1", world.admin);
        Instant first =
                Instant.parse(next.body().path("upcoming").get(0).path("at").asString());
        CallContext.forTenant(world.tenant, "test")
                .run(() -> transactions.executeWithoutResult(status -> schedule.schedule(
                        "journeys.sop",
                        "race:" + calendar,
                        first,
                        "{\"calendar\":" + calendar + ",\"revision\":" + revision + ",\"from\":\"" + start + "\"}")));

        Instant end = start.plus(Duration.ofDays(8));
        runUntil(world, db, start, end);

        Map<String, List<JsonNode>> byChat = new HashMap<>();
        for (JsonNode d :
                SimulatorControl.json(world.call("GET", "/sim/corps/" + world.corpId + "/deliveries", null))) {
            if (d.path("kind").asString().equals("mass") && d.hasNonNull("chatId")) {
                byChat.computeIfAbsent(d.path("chatId").asString(), k -> new ArrayList<>())
                        .add(d);
            }
        }
        Map<String, LocalTime> times =
                Map.of("早安打卡", LocalTime.of(8, 0), "晚间答疑", LocalTime.of(20, 30), "周三会员日", LocalTime.of(19, 0));
        for (var entry : types.entrySet()) {
            List<JsonNode> got = byChat.getOrDefault(entry.getKey(), List.of());
            if (entry.getValue().equals("vip")) {
                assertThat(got).as("the VIP group has no calendar").isEmpty();
                continue;
            }
            for (var slot : times.entrySet()) {
                Set<LocalDate> expected = new TreeSet<>();
                for (LocalDate day = start.atZone(ZONE).toLocalDate();
                        !day.isAfter(end.atZone(ZONE).toLocalDate());
                        day = day.plusDays(1)) {
                    Instant at = day.atTime(slot.getValue()).atZone(ZONE).toInstant();
                    boolean weekly = slot.getKey().equals("周三会员日");
                    if (at.isAfter(start)
                            && at.isBefore(end.minus(CONFIRMED_WITHIN))
                            && (!weekly || day.getDayOfWeek() == DayOfWeek.WEDNESDAY)) {
                        expected.add(day);
                    }
                }
                List<JsonNode> posts = got.stream()
                        .filter(d -> d.path("text").asString().startsWith(slot.getKey()))
                        .toList();
                List<LocalDate> days = new ArrayList<>();
                for (JsonNode post : posts) {
                    Instant at = Instant.parse(post.path("at").asString());
                    Instant due = at.atZone(ZONE)
                            .toLocalDate()
                            .atTime(slot.getValue())
                            .atZone(ZONE)
                            .toInstant();
                    assertThat(at).as(slot.getKey() + " " + post).isBetween(due, due.plus(CONFIRMED_WITHIN));
                    assertThat(post.path("userId").asString()).isEqualTo("zhangsan");
                    days.add(at.atZone(ZONE).toLocalDate());
                }
                assertThat(days)
                        .as(slot.getKey() + " in " + entry.getKey() + ", once a day on its days")
                        .doesNotHaveDuplicates()
                        .containsAll(expected);
                assertThat(days)
                        .allMatch(d -> expected.contains(d)
                                || !d.isBefore(
                                        end.minus(CONFIRMED_WITHIN).atZone(ZONE).toLocalDate()));
            }
            assertThat(got.stream().filter(d -> d.path("text").asString().startsWith("周三会员日")))
                    .as("a Wednesday falls in any eight days")
                    .isNotEmpty();
        }
        // the console's view: the posts made, each with its send's final state
        JsonNode view = world.api
                .get(base + "/sop-calendars/welfare/posts?days=7&limit=1000", world.admin)
                .body();
        assertThat(view.path("upcoming").size()).isPositive();
        assertThat(view.path("upcoming").get(0).path("groups").asInt()).isEqualTo(2);
        List<JsonNode> past = view.path("past").valueStream().toList();
        assertThat(past).isNotEmpty();
        long sent = past.stream()
                .filter(p -> p.path("state").asString().equals("sent"))
                .count();
        assertThat(sent)
                .isEqualTo(byChat.values().stream().mapToLong(List::size).sum());
        assertThat(past.stream()
                        .map(p -> p.path("slotKey").asString()
                                + p.path("date").asString()
                                + p.path("chatId").asString())
                        .distinct())
                .hasSameSizeAs(past);
    }

    private void runUntil(BrokerWorld world, JdbcTemplate db, Instant from, Instant end) throws Exception {
        Instant now = from;
        while (now.isBefore(end)) {
            world.call("POST", "/sim/clock", Map.of("set", now.toString()));
            runner.drain(now);
            Instant next = db.queryForObject(
                    "select min(due_at) from shared.due_work where tenant_id = ? and state = 'due'",
                    Instant.class,
                    world.tenant.value());
            if (next == null) {
                next = end;
            }
            now = next.isAfter(now) ? next : now.plusSeconds(1);
        }
    }
}
