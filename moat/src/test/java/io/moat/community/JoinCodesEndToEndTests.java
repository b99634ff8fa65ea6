package io.moat.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.SimulatorControl;
import io.moat.shared.TenantId;
import io.moat.wecom.client.QuotaGovernor;
import io.moat.wecomsim.SimSettings;
import io.moat.wecomsim.WecomSim;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
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

/**
 * Join codes, admins and the statistics fallback against wecom-sim, in a workspace without the message archive:
 * codes made in Moat are WeCom join ways (the sim's own get_join_way is checked), visits of the code's page are its
 * scans, customers scanning the QR in the sim join with the code's state, a full group makes WeCom open a new one
 * that the code then lists; admin_list becomes the admin role and leaves it again; and WeCom's owner-day statistics
 * are pulled and equal both the sim's own answer and what the test made happen.
 */
@MoatTest
@Import(JoinCodesEndToEndTests.SimulatedTime.class)
@TestPropertySource(properties = {"moat.wecom.archive.pull-interval=1d", "moat.tasks.expiry-interval=1d"})
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JoinCodesEndToEndTests {

    // 10:00 in Beijing, so a day's events stay inside one statistics day
    static final WecomSim SIM =
            WecomSim.start(new SimSettings(0, 20261124L, Instant.parse("2026-11-20T02:00:00Z"), true));
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

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
    @Qualifier("ownerDataSource")
    DataSource owner;

    final SimulatorControl control = new SimulatorControl(SIM);
    final HttpClient http = HttpClient.newHttpClient();
    Api api;
    String admin;
    String slug;
    TenantId tenant;
    String corpId;
    SimulatorControl.Corp corp;
    JdbcTemplate db;

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    @Test
    void joinCodesCountScansAndJoinsAdminsAreSyncedAndStatisticsStandInForTheArchive() throws Exception {
        wire();
        String small = group(
                "owner0",
                "小群",
                IntStream.range(0, 3).mapToObj(i -> "wmJoinA" + i).toList(),
                true);
        String full = group(
                "owner0",
                "满群",
                IntStream.range(0, 499).mapToObj(i -> "wmJoinB" + i).toList(),
                false);
        awaitCustomers(small, 3);
        awaitCustomers(full, 499);
        assertThat(json(sim(
                                "POST",
                                "/sim/corps/" + corpId + "/groups/" + small + "/admins",
                                Map.of("userIds", List.of("helper1"))))
                        .path("admins")
                        .get(0)
                        .asString())
                .isEqualTo("helper1");

        JsonNode poster = created(api.post(
                path("/join-codes"),
                admin,
                Map.of("name", "海报 11 月", "chatIds", List.of(small), "autoCreateRoom", false)));
        JsonNode overflow = created(api.post(
                path("/join-codes"),
                admin,
                Map.of("name", "满了开新群", "chatIds", List.of(full), "roomBaseName", "福利群", "roomBaseId", 2)));
        JsonNode way = wecom("/cgi-bin/externalcontact/groupchat/get_join_way", Map.of("config_id", configId(poster)))
                .path("join_way");
        assertThat(way.path("state").asString()).isEqualTo(poster.path("state").asString());
        assertThat(way.path("chat_id_list").get(0).asString()).isEqualTo(small);
        assertThat(way.path("auto_create_room").asInt()).isZero();
        assertThat(poster.path("qrCode").asString())
                .isEqualTo(way.path("qr_code").asString());

        // six visits of the poster's page (four as the HTML page, two as JSON), one of the overflow code's
        for (int i = 0; i < 4; i++) {
            var page = http.send(
                    HttpRequest.newBuilder(URI.create(poster.path("url").asString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains(way.path("qr_code").asString());
        }
        for (int i = 0; i < 2; i++) {
            assertThat(api.post(
                                    "/api/v1/public/join-codes/"
                                            + poster.path("code").asString() + "/scans",
                                    null,
                                    Map.of())
                            .status())
                    .isEqualTo(200);
        }
        assertThat(api.post("/api/v1/public/join-codes/" + overflow.path("code").asString() + "/scans", null, Map.of())
                        .body()
                        .path("name")
                        .asString())
                .isEqualTo("满了开新群");
        assertThat(api.post("/api/v1/public/join-codes/" + slug + "-nosuchco/scans", null, Map.of())
                        .status())
                .isEqualTo(404);

        // three customers scan the poster's QR in WeCom, one the overflow code's: its only group is full
        for (String customer : List.of("wmJoinJ1", "wmJoinJ2", "wmJoinJ3")) {
            assertThat(sim(
                                    "POST",
                                    "/sim/corps/" + corpId + "/join-ways/" + configId(poster) + "/scan",
                                    Map.of("externalUserId", customer))
                            .statusCode())
                    .isEqualTo(200);
        }
        awaitCustomers(small, 6);
        JsonNode opened = json(sim(
                "POST",
                "/sim/corps/" + corpId + "/join-ways/" + configId(overflow) + "/scan",
                Map.of("externalUserId", "wmJoinK1")));
        assertThat(opened.path("createdRoom").asBoolean()).isTrue();
        String room = opened.path("chatId").asString();
        awaitCustomers(room, 1);
        sim(
                "POST",
                "/sim/corps/" + corpId + "/groups/" + small + "/quit",
                Map.of("externalUserIds", List.of("wmJoinJ1"), "quitScene", 0));
        awaitCustomers(small, 5);

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, JsonNode> codes = codesByName();
            JsonNode p = codes.get("海报 11 月");
            assertThat(List.of(
                            p.path("scans").asLong(),
                            p.path("joins").asLong(),
                            p.path("stillIn").asLong()))
                    .containsExactly(6L, 3L, 2L);
            assertThat(p.path("joinRate").asDouble()).isCloseTo(0.5, within(1e-9));
            JsonNode o = codes.get("满了开新群");
            assertThat(o.path("chatIds").valueStream().map(JsonNode::asString).toList())
                    .as("WeCom's new group joins the code")
                    .containsExactly(full, room);
            assertThat(List.of(o.path("scans").asLong(), o.path("joins").asLong()))
                    .containsExactly(1L, 1L);
            assertThat(o.path("joinRate").asDouble()).isCloseTo(1.0, within(1e-9));
        });
        String today = LocalDate.ofInstant(SIM.clock().instant(), BEIJING).toString();
        JsonNode smallFigures = api.get(path("/groups/" + small + "?from=" + today + "&to=" + today), admin)
                .body()
                .path("group")
                .path("figures");
        assertThat(List.of(
                        smallFigures.path("codeJoins").asLong(),
                        smallFigures.path("scans").asLong()))
                .containsExactly(3L, 6L);
        assertThat(smallFigures.path("joinRate").asDouble()).isCloseTo(0.5, within(1e-9));
        JsonNode roomFigures = api.get(path("/groups/" + room + "?from=" + today + "&to=" + today), admin)
                .body()
                .path("group")
                .path("figures");
        assertThat(roomFigures.path("codeJoins").asLong()).isEqualTo(1L);

        adminsFollowWecom(small);
        statisticsStandInForTheArchive(small, today);
    }

    private void adminsFollowWecom(String chat) throws Exception {
        assertThat(role(chat, "helper1")).as("admin_list read with the joins").isEqualTo("admin");
        var refused = api.call(
                HttpMethod.PUT, path("/groups/" + chat + "/members/owner0/role"), admin, Map.of("role", "member"));
        assertThat(refused.status()).isEqualTo(404);
        sim("POST", "/sim/corps/" + corpId + "/groups/" + chat + "/admins", Map.of("userIds", List.of()));
        // WeCom sends nothing for an admin change: it shows at the group's next read (here: the next join)
        sim(
                "POST",
                "/sim/corps/" + corpId + "/groups/" + chat + "/join",
                Map.of("externalUserIds", List.of("wmJoinA9"), "joinScene", 1));
        awaitCustomers(chat, 6);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(role(chat, "helper1"))
                .isEqualTo("member"));
    }

    private void statisticsStandInForTheArchive(String chat, String today) throws Exception {
        for (String[] said : List.of(
                new String[] {"wmJoinA0", "早上好"}, new String[] {"wmJoinA1", "有福利吗"}, new String[] {"wmJoinA0", "已下单"
                })) {
            assertThat(sim(
                                    "POST",
                                    "/sim/corps/" + corpId + "/groups/" + chat + "/say",
                                    Map.of("from", said[0], "content", said[1]))
                            .statusCode())
                    .isBetween(200, 201);
        }
        var early = api.post(path("/statistics/pull"), admin, Map.of("day", today));
        assertThat(early.status()).as("today's figures are not final").isEqualTo(400);
        assertThat(early.body().path("type").asString()).endsWith("day-not-finished");

        SIM.clock().advance(Duration.ofDays(1));
        admin = api.admin(); // a day later the console session has expired
        var pulled = api.post(path("/statistics/pull"), admin, Map.of("day", today));
        assertThat(pulled.status()).as(pulled.toString()).isEqualTo(200);
        JsonNode stats = api.get(path("/statistics?from=" + today + "&to=" + today), admin)
                .body();
        assertThat(stats.path("messageSource").asString()).isEqualTo("statistic");
        assertThat(api.get(path("/groups"), admin).body().path("messageSource").asString())
                .isEqualTo("statistic");
        JsonNode day = stats.path("days").get(0);
        assertThat(day.path("owner").asString()).isEqualTo("owner0");
        assertThat(List.of(
                        day.path("membersWhoSpoke").asLong(),
                        day.path("messages").asLong()))
                .as("two customers said three things")
                .containsExactly(2L, 3L);

        long begin = LocalDate.parse(today).atStartOfDay(BEIJING).toEpochSecond();
        JsonNode data = wecom(
                        "/cgi-bin/externalcontact/groupchat/statistic",
                        Map.of(
                                "day_begin_time",
                                begin,
                                "day_end_time",
                                begin,
                                "owner_filter",
                                Map.of("userid_list", List.of("owner0"))))
                .path("items")
                .get(0)
                .path("data");
        assertThat(day.path("members").asLong())
                .isEqualTo(data.path("member_total").asLong());
        assertThat(day.path("chats").asLong())
                .isEqualTo(data.path("chat_total").asLong())
                .isEqualTo(3L);
        assertThat(day.path("newChats").asLong())
                .isEqualTo(data.path("new_chat_cnt").asLong());
        assertThat(day.path("newMembers").asLong())
                .isEqualTo(data.path("new_member_cnt").asLong());
        assertThat(day.path("messages").asLong())
                .isEqualTo(data.path("msg_total").asLong());
        assertThat(day.path("interactionRate").asDouble())
                .isCloseTo(2.0 / data.path("member_total").asLong(), within(1e-9));
    }

    // --- wiring and helpers ---

    private void wire() throws Exception {
        api = new Api(port);
        admin = api.admin();
        slug = api.newWorkspace(admin);
        db = new JdbcTemplate(owner);
        tenant = new TenantId(
                db.queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
        corp = control.connect(api, admin, slug, port, false);
        corpId = corp.corpId();
        control.staff(corp, List.of("owner0", "helper1"));
    }

    private String group(String ownerId, String name, List<String> customers, boolean withHelper) throws Exception {
        return json(sim(
                        "POST",
                        "/sim/corps/" + corpId + "/groups",
                        Map.of(
                                "owner",
                                ownerId,
                                "name",
                                name,
                                "memberExternalUserIds",
                                customers,
                                "memberUserIds",
                                withHelper ? List.of("helper1") : List.of())))
                .path("chatId")
                .asString();
    }

    private Map<String, JsonNode> codesByName() {
        var answer = api.get(path("/join-codes"), admin);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.body()
                .valueStream()
                .collect(java.util.stream.Collectors.toMap(c -> c.path("name").asString(), c -> c));
    }

    private String role(String chat, String member) {
        return api.get(path("/groups/" + chat + "/members"), admin)
                .body()
                .valueStream()
                .filter(m -> m.path("memberId").asString().equals(member))
                .findFirst()
                .orElseThrow()
                .path("role")
                .asString();
    }

    private String configId(JsonNode code) {
        return db.queryForObject(
                "select config_id from community.join_code where tenant_id = ? and id = ?",
                String.class,
                tenant.value(),
                code.path("id").asLong());
    }

    private static JsonNode created(Api.Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        return answer.body();
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

    private JsonNode wecom(String apiPath, Object body) throws Exception {
        return control.cgi(corp, apiPath, body);
    }

    private String path(String rest) {
        return "/api/v1/workspaces/" + slug + "/community" + rest;
    }

    private HttpResponse<String> sim(String method, String pathAndQuery, @Nullable Object body) throws Exception {
        return control.call(method, pathAndQuery, body);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return SimulatorControl.json(response);
    }
}
