package io.moat.community;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.SimulatorControl;
import io.moat.shared.TenantId;
import io.moat.wecom.archive.ArchiveIngestion;
import io.moat.wecom.client.QuotaGovernor;
import io.moat.wecomsim.SimSettings;
import io.moat.wecomsim.WecomSim;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Community against wecom-sim: 20 groups with 2,000 members, a week of chat with spam and silence, joins and quits
 * through real encrypted callbacks and the message archive. Moat's clock is the simulator's, so a week passes in a
 * few seconds and every callback is fresh. The guard's warnings and removal tasks, the inactivity lists and the
 * group metrics are compared with what the test's own ledger and the simulator's record (msgaudit feed,
 * groupchat/get) imply — never with Moat's tables.
 */
@MoatTest
@Import(CommunityEndToEndTests.SimulatedTime.class)
@TestPropertySource(properties = {"moat.wecom.archive.pull-interval=1d", "moat.tasks.expiry-interval=1d"})
// Closed after the class: its clock runs a week ahead, and a cached context's workers would claim other tests'
// callbacks (their leases look long expired to it) and publish the events there.
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommunityEndToEndTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final WecomSim SIM = WecomSim.start(new SimSettings(0, 20261123L, Instant.now(), true));
    static final int GROUPS = 20;
    static final int MEMBERS = 100;
    static final List<String> CHATTER = List.of("早上好", "今天有什么福利？", "已下单，期待收货", "这个怎么用？", "谢谢分享", "打卡");

    @TestConfiguration(proxyBeanMethods = false)
    static class SimulatedTime {
        @Bean
        QuotaGovernor.Pause simulatedPause() {
            return duration -> SIM.clock().advance(duration);
        }

        @Bean
        @Primary
        Clock simulatedClock() {
            return SIM.clock();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ArchiveIngestion archive;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    final SimulatorControl control = new SimulatorControl(SIM);
    final Random random = new Random(7);
    Api api;
    String slug;
    TenantId tenant;
    ZoneId zone;
    String corpId;
    JdbcTemplate db;

    // The ledger: what the test did, from which it works out what Moat must show.
    final List<String> chats = new ArrayList<>();
    final Map<String, String> types = new HashMap<>();
    final Map<String, String> owners = new HashMap<>();
    final Map<String, Map<String, Instant>> members = new HashMap<>();
    final Map<String, Set<String>> protectedMembers = new HashMap<>();
    final Map<String, Integer> quits = new HashMap<>();
    final Map<String, Integer> joins = new HashMap<>();
    final Map<String, Map<String, Integer>> spam = new HashMap<>();
    final Map<String, List<Said>> said = new HashMap<>();

    record Said(String sender, String text, Instant at) {}

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    @Test
    void aWeekOfTwentyGroupsGivesTheGuardInactivityAndMetricsTheRulesImply() throws Exception {
        Instant start = SIM.clock().instant();
        wire();
        createGroups();
        settings();

        for (int day = 1; day <= 7; day++) {
            SIM.clock().advance(Duration.ofDays(1));
            if (day == 2) {
                join(IntStream.range(0, 5).mapToObj(chats::get).toList(), 5);
            }
            if (day == 4) {
                quit(IntStream.range(5, 10).mapToObj(chats::get).toList(), List.of(95, 96, 97));
            }
            chat(day);
        }
        SIM.clock().advance(Duration.ofHours(12));
        while (archive.pull(tenant) > 0) {
            // a week's archive can span several pulls
        }

        guardTasksAreExactlyTheOnesTheRulesImply();
        removalOutcomesAreTracked();
        inactivityListsAreRight();
        metricsMatchTheSimulatorsRecord(start);
    }

    private void guardTasksAreExactlyTheOnesTheRulesImply() {
        String admin = api.admin();
        Set<String> expectedWarnings = new TreeSet<>();
        Set<String> expectedRemovals = new TreeSet<>();
        spam.forEach((chat, byMember) -> byMember.forEach((member, count) -> {
            expectedWarnings.add(chat + "/" + member);
            if (count >= 2) {
                expectedRemovals.add(chat + "/" + member);
            }
        }));
        assertThat(expectedWarnings).hasSize(28);
        assertThat(expectedRemovals).hasSize(16);
        assertThat(subjects(tasks(admin, "community.guard-warning"))).isEqualTo(expectedWarnings);
        List<JsonNode> removals = tasks(admin, "community.guard-removal");
        assertThat(subjects(removals)).isEqualTo(expectedRemovals);
        for (JsonNode removal : removals) {
            assertThat(removal.path("assignee").asString())
                    .isEqualTo(owners.get(removal.path("chatId").asString()));
            int hits = spam.get(removal.path("chatId").asString())
                    .get(removal.path("externalUserId").asString());
            assertThat(JSON.readTree(removal.path("evidence").asString())
                            .path("hits")
                            .size())
                    .as("the evidence lists the hits up to the second")
                    .isEqualTo(2)
                    .isLessThanOrEqualTo(hits);
        }
    }

    private void removalOutcomesAreTracked() throws Exception {
        String admin = api.admin();
        String left = chats.get(0);
        String stayed = chats.get(1);
        sim(
                "POST",
                "/sim/corps/" + corpId + "/groups/" + left + "/quit",
                Map.of("externalUserIds", List.of(member(0, 11)), "quitScene", 1));
        members.get(left).remove(member(0, 11));
        quits.merge(left, 1, Integer::sum);
        long task = tasks(admin, "community.guard-removal").stream()
                .filter(t -> t.path("chatId").asString().equals(stayed))
                .findFirst()
                .orElseThrow()
                .path("id")
                .asLong();
        var done = api.post(path("/tasks/" + task + "/complete"), admin, Map.of("note", "已私聊提醒"));
        assertThat(done.status()).as(done.toString()).isEqualTo(200);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var cases = api.get(path("/community/guard/cases"), admin).body();
            Map<String, String> outcomes = new HashMap<>();
            cases.forEach(c -> outcomes.put(
                    c.path("chatId").asString() + "/" + c.path("memberId").asString(),
                    c.path("outcome").asString("")));
            assertThat(outcomes).containsEntry(left + "/" + member(0, 11), "left");
            assertThat(outcomes).containsEntry(stayed + "/" + member(1, 11), "stayed");
        });
    }

    private void inactivityListsAreRight() {
        String admin = api.admin();
        Instant now = SIM.clock().instant();
        int traffic = 0;
        for (String chat : chats) {
            Set<String> expected = expectedInactive(chat, now);
            Set<String> listed = new TreeSet<>();
            api.get(path("/community/groups/" + chat + "/inactive"), admin)
                    .body()
                    .forEach(c -> listed.add(c.path("memberId").asString()));
            assertThat(listed).as("inactive in %s (%s)", chat, types.get(chat)).isEqualTo(expected);
            if (types.get(chat).equals("traffic")) {
                traffic += expected.size();
            }
        }
        assertThat(traffic).as("the silent members of the traffic groups").isGreaterThan(200);
        var first = api.post(path("/community/groups/" + chats.get(0) + "/inactive/tasks"), admin, Map.of());
        var again = api.post(path("/community/groups/" + chats.get(0) + "/inactive/tasks"), admin, Map.of());
        assertThat(first.body().path("count").asInt())
                .isEqualTo(expectedInactive(chats.get(0), now).size());
        assertThat(again.body().path("count").asInt()).isZero();
    }

    /** The rules, applied to the ledger: traffic silent 7 days; welfare fewer than 3 messages in 5 days; VIP none. */
    private Set<String> expectedInactive(String chat, Instant now) {
        Set<String> candidates = new TreeSet<>();
        String type = types.get(chat);
        if (type.equals("vip")) {
            return candidates;
        }
        int days = type.equals("traffic") ? 7 : 5;
        Instant since = now.minus(Duration.ofDays(days));
        members.get(chat).forEach((member, joinedAt) -> {
            if (protectedMembers.get(chat).contains(member) || joinedAt.isAfter(since)) {
                return;
            }
            long recent = said.getOrDefault(chat, List.of()).stream()
                    .filter(s -> s.sender().equals(member) && s.at().isAfter(since))
                    .count();
            if (type.equals("traffic") ? recent == 0 : recent < 3) {
                candidates.add(member);
            }
        });
        return candidates;
    }

    private void metricsMatchTheSimulatorsRecord(Instant start) throws Exception {
        String admin = api.admin();
        Map<String, List<JsonNode>> feed = new HashMap<>();
        long seq = 0;
        while (true) {
            JsonNode page = json(sim("GET", "/sim/corps/" + corpId + "/msgaudit?seq=" + seq + "&limit=1000", null));
            if (page.path("chatdata").isEmpty()) {
                break;
            }
            for (JsonNode message : page.path("chatdata")) {
                seq = message.path("seq").asLong();
                feed.computeIfAbsent(message.path("roomid").asString(), r -> new ArrayList<>())
                        .add(message);
            }
        }
        LocalDate from = LocalDate.ofInstant(start, zone);
        LocalDate to = LocalDate.ofInstant(SIM.clock().instant(), zone);
        long keywordHits = 0;
        for (String chat : chats) {
            JsonNode group = json(sim(
                            "POST",
                            "/cgi-bin/externalcontact/groupchat/get?access_token=" + token(),
                            Map.of("chat_id", chat)))
                    .path("group_chat");
            long customersNow = group.path("member_list")
                    .valueStream()
                    .filter(m -> m.path("type").asInt() == 2)
                    .count();
            var customerMessages = feed.getOrDefault(chat, List.of()).stream()
                    .filter(m -> !m.path("from").asString().equals(owners.get(chat)))
                    .toList();
            long speakers = customerMessages.stream()
                    .map(m -> m.path("from").asString())
                    .distinct()
                    .count();
            keywordHits += feed.getOrDefault(chat, List.of()).stream()
                    .filter(m -> m.path("text").path("content").asString().contains("福利"))
                    .count();

            JsonNode figures = api.get(path("/community/groups/" + chat + "?from=" + from + "&to=" + to), admin)
                    .body()
                    .path("group")
                    .path("figures");
            assertThat(figures.path("members").asLong())
                    .as("members of %s", chat)
                    .isEqualTo(customersNow);
            assertThat(customersNow).isEqualTo((long) members.get(chat).size());
            assertThat(figures.path("joins").asLong()).isEqualTo(MEMBERS + joins.getOrDefault(chat, 0));
            assertThat(figures.path("quits").asLong()).isEqualTo((long) quits.getOrDefault(chat, 0));
            assertThat(figures.path("speakers").asLong())
                    .as("speakers in %s", chat)
                    .isEqualTo(speakers);
            assertThat(figures.path("messages").asLong()).isEqualTo(customerMessages.size());
            assertThat(figures.path("interactionRate").asDouble())
                    .isCloseTo((double) speakers / customersNow, org.assertj.core.data.Offset.offset(1e-9));

            JsonNode after = api.get(
                            path("/community/groups/" + chat + "?from=" + from.plusDays(1) + "&to=" + to), admin)
                    .body()
                    .path("group")
                    .path("figures");
            assertThat(after.path("membersAtStart").asLong()).isEqualTo(MEMBERS);
            assertThat(after.path("retention").asDouble())
                    .as("retention of %s", chat)
                    .isCloseTo(
                            (double) (MEMBERS - quits.getOrDefault(chat, 0)) / MEMBERS,
                            org.assertj.core.data.Offset.offset(1e-9));
        }
        JsonNode keyword = api.get(path("/community/keywords"), admin).body().get(0);
        assertThat(keyword.path("hits").asLong()).isEqualTo(keywordHits).isPositive();
    }

    // --- the week ---

    private void createGroups() throws Exception {
        for (int g = 0; g < GROUPS; g++) {
            String ownerId = "owner" + (g % 4);
            List<String> ids = IntStream.range(0, MEMBERS)
                    .mapToObj(m -> member(chats.size(), m))
                    .toList();
            JsonNode created = json(sim(
                    "POST",
                    "/sim/corps/" + corpId + "/groups",
                    Map.of(
                            "owner",
                            ownerId,
                            "name",
                            "群" + g,
                            "memberExternalUserIds",
                            ids,
                            "memberUserIds",
                            List.of())));
            String chat = created.path("chatId").asString();
            chats.add(chat);
            owners.put(chat, ownerId);
            types.put(chat, g < 8 ? "traffic" : g < 16 ? "welfare" : "vip");
            Instant now = SIM.clock().instant();
            Map<String, Instant> joined = new LinkedHashMap<>();
            ids.forEach(id -> joined.put(id, now));
            members.put(chat, joined);
            protectedMembers.put(chat, new HashSet<>());
            awaitCustomers(chat, MEMBERS);
        }
    }

    private void settings() {
        String admin = api.admin();
        var refreshed = api.call(HttpMethod.POST, path("/community/groups/refresh"), admin, Map.of());
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(refreshed.body().path("count").asInt()).isGreaterThanOrEqualTo(chats.size());
        for (String chat : chats) {
            var typed = api.call(
                    HttpMethod.PATCH, path("/community/groups/" + chat), admin, Map.of("type", types.get(chat)));
            assertThat(typed.status()).as(typed.toString()).isEqualTo(200);
        }
        Map<String, Object> traffic = new HashMap<>(Map.of("silentDays", 7, "guardLinks", true, "guardCards", true));
        assertThat(api.call(HttpMethod.PUT, path("/community/policies/traffic"), admin, traffic)
                        .status())
                .isEqualTo(200);
        Map<String, Object> welfare =
                new HashMap<>(Map.of("minMessages", 3, "windowDays", 5, "guardLinks", true, "guardCards", true));
        assertThat(api.call(HttpMethod.PUT, path("/community/policies/welfare"), admin, welfare)
                        .status())
                .isEqualTo(200);
        var word = api.post(path("/community/guard-words"), admin, Map.of("kind", "word", "text", "加微信"));
        assertThat(word.status()).as(word.toString()).isEqualTo(201);
        assertThat(api.post(path("/community/keywords"), admin, Map.of("keyword", "福利", "reply", "每周三会员日有福利"))
                        .status())
                .isEqualTo(201);
        for (int g = 0; g < 8; g++) {
            role(admin, g, 0, "koc");
            role(admin, g, 60, "vip");
        }
    }

    private void role(String admin, int group, int member, String role) {
        String chat = chats.get(group);
        var answer = api.call(
                HttpMethod.PUT,
                path("/community/groups/" + chat + "/members/" + member(group, member) + "/role"),
                admin,
                Map.of("role", role));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        protectedMembers.get(chat).add(member(group, member));
    }

    private void join(List<String> groups, int count) throws Exception {
        for (String chat : groups) {
            int g = chats.indexOf(chat);
            List<String> ids = IntStream.range(MEMBERS, MEMBERS + count)
                    .mapToObj(m -> member(g, m))
                    .toList();
            sim(
                    "POST",
                    "/sim/corps/" + corpId + "/groups/" + chat + "/join",
                    Map.of("externalUserIds", ids, "joinScene", 3));
            Instant now = SIM.clock().instant();
            ids.forEach(id -> members.get(chat).put(id, now));
            joins.merge(chat, count, Integer::sum);
            awaitCustomers(chat, members.get(chat).size());
        }
    }

    private void quit(List<String> groups, List<Integer> who) throws Exception {
        for (String chat : groups) {
            int g = chats.indexOf(chat);
            List<String> ids = who.stream().map(m -> member(g, m)).toList();
            sim(
                    "POST",
                    "/sim/corps/" + corpId + "/groups/" + chat + "/quit",
                    Map.of("externalUserIds", ids, "quitScene", 0));
            ids.forEach(members.get(chat)::remove);
            quits.merge(chat, ids.size(), Integer::sum);
            awaitCustomers(chat, members.get(chat).size());
        }
    }

    /** Members 0–59 talk, 60+ never do; a few outsiders spam; the owner posts a link, which staff may. */
    private void chat(int day) throws Exception {
        for (int g = 0; g < GROUPS; g++) {
            String chat = chats.get(g);
            String type = types.get(chat);
            double p = type.equals("traffic") ? 0.3 : type.equals("welfare") ? 0.12 : 0.5;
            for (String member : List.copyOf(members.get(chat).keySet())) {
                int index = Integer.parseInt(member.substring(member.length() - 3));
                boolean talker = index < 60 || index >= MEMBERS;
                if (talker && random.nextDouble() < p) {
                    say(chat, member, CHATTER.get(random.nextInt(CHATTER.size())), false);
                }
            }
            if (day == 1) {
                say(chat, owners.get(chat), "新品链接 https://shop.example/item/1", true);
            }
            if (type.equals("traffic") && day == 1) {
                say(chat, member(g, 10), "加微信领红包", false);
            }
            if (type.equals("traffic") && (day == 2 || day == 5)) {
                say(chat, member(g, 11), day == 2 ? "私聊加微信" : "看这里 https://spam.example/x", false);
            }
            if (type.equals("welfare") && (day == 1 || day == 3 || day == 6)) {
                say(chat, member(g, 12), "代购加微信 " + day, false);
            }
            if (type.equals("vip") && day == 3) {
                say(chat, member(g, 13), "www.spam.example 低价", false);
            }
        }
    }

    private void say(String chat, String from, String text, boolean staff) throws Exception {
        var answer = sim(
                "POST",
                "/sim/corps/" + corpId + "/groups/" + chat + "/say",
                Map.of("from", from, "msgtype", "text", "content", text));
        assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 201);
        Instant at = Instant.ofEpochMilli(json(answer).path("msgtime").asLong());
        if (!staff) {
            said.computeIfAbsent(chat, c -> new ArrayList<>()).add(new Said(from, text, at));
            if (text.contains("加微信") || text.contains("http") || text.contains("www.")) {
                spam.computeIfAbsent(chat, c -> new HashMap<>()).merge(from, 1, Integer::sum);
            }
        }
    }

    // --- wiring and helpers ---

    private void wire() throws Exception {
        api = new Api(port);
        String admin = api.admin();
        slug = api.newWorkspace(admin);
        db = new JdbcTemplate(owner);
        tenant = new TenantId(
                db.queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
        zone = ZoneId.of(
                db.queryForObject("select timezone from workspace.workspace where slug = ?", String.class, slug));
        var corp = control.connect(api, admin, slug, port, true);
        corpId = corp.corpId();
        for (int i = 0; i < 4; i++) {
            control.staff(corp, "owner" + i, "群主" + i);
        }
    }

    private void awaitCustomers(String chat, int count) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> db.queryForObject(
                                "select count(*) from community.member where tenant_id = ? and chat_id = ? and not staff and left_at is null",
                                Long.class,
                                tenant.value(),
                                chat)
                        == count);
    }

    private List<JsonNode> tasks(String admin, String kind) {
        return api.get(path("/tasks?limit=500&kind=" + kind), admin)
                .body()
                .path("items")
                .valueStream()
                .toList();
    }

    private static Set<String> subjects(List<JsonNode> tasks) {
        return tasks.stream()
                .map(t -> t.path("chatId").asString() + "/"
                        + t.path("externalUserId").asString())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private String token() throws Exception {
        return json(sim("GET", "/cgi-bin/gettoken?corpid=" + corpId + "&corpsecret=sim-secret", null))
                .path("access_token")
                .asString();
    }

    private static String member(int group, int index) {
        return String.format("wmCommunityE2E%08d%08d%03d", group, group * 1000 + index, index);
    }

    private String path(String rest) {
        return "/api/v1/workspaces/" + slug + rest;
    }

    private HttpResponse<String> sim(String method, String pathAndQuery, @Nullable Object body) throws Exception {
        return control.call(method, pathAndQuery, body);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return SimulatorControl.json(response);
    }
}
