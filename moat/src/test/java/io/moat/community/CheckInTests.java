package io.moat.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.audiences.ActivityPreview;
import io.moat.community.internal.CheckInBoard;
import io.moat.community.internal.CheckIns;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Check-ins: personal signed links, one check-in per member and day where the workspace is, streaks and the
 * streak reward recorded once, the board and its check-in rate (docs/metrics.md, "Check-in rate") against a
 * hand-computed fixture, and links that are forged, altered, revoked or from another workspace answering 404.
 */
@MoatTest
class CheckInTests {

    static final String CHAT = "wr-check-in";

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Autowired
    CheckIns checkIns;

    @Autowired
    CheckInBoard board;

    @Autowired
    TransactionTemplate transactions;

    CommunityFixtures fixtures;
    Api api;
    TenantId tenant;

    @BeforeEach
    void fixture() {
        fixtures = new CommunityFixtures(port, owner);
        api = fixtures.api;
        tenant = fixtures.tenant;
        fixtures.group(CHAT, "打卡群", "staff-s", "welfare", 0);
        fixtures.member(CHAT, "staff-s", true, "owner", "2026-11-01T09:00");
        fixtures.event(CHAT, "staff-s", "join", "2026-11-01T09:00", true);
        for (String member : List.of("A", "B", "C", "D")) {
            fixtures.member(CHAT, member, false, "member", "2026-11-01T10:00");
            fixtures.event(CHAT, member, "join", "2026-11-01T10:00", false);
        }
    }

    @Test
    void linksIssuedForOneMemberAtTheSameMomentTakeTurnsAndLeaveOneLive() throws Exception {
        String issue = fixtures.path("/community/groups/" + CHAT + "/members/C/check-in-link");
        var start = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return api.post(issue, fixtures.admin, Map.of()).status();
                }));
            }
            start.countDown();
            for (var answer : answers) {
                assertThat(answer.get()).isEqualTo(201);
            }
        }
        assertThat(fixtures.db()
                        .queryForObject(
                                "select count(*) from community.check_in_link where tenant_id = ? and member_id = 'C' and revoked_at is null",
                                Long.class,
                                tenant.value()))
                .isEqualTo(1);
    }

    @Test
    void aMembersLinkIsSentToThemOneToOneThroughTheBrokerOnceHoweverOftenStaffPressSend() {
        long customer = fixtures.profile("A", null, null);
        String send = fixtures.path("/community/groups/" + CHAT + "/members/A/check-in-link/send");

        var first = api.post(send, fixtures.admin, Map.of());
        var again = api.post(send, fixtures.admin, Map.of());

        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        assertThat(again.body().path("sendId").asLong())
                .as("the send's key is the link's")
                .isEqualTo(first.body().path("sendId").asLong());
        String token = api.get(fixtures.path("/community/groups/" + CHAT + "/members/A/check-ins"), fixtures.admin)
                .body()
                .path("link")
                .path("token")
                .asString();
        assertThat(token).as("a link was issued for the member, who had none").isNotBlank();
        JsonNode sends = api.get(fixtures.path("/sends?customerId=" + customer), fixtures.admin)
                .body()
                .path("sends");
        assertThat(sends.size()).as(sends.toString()).isEqualTo(1);
        assertThat(sends.get(0).path("text").asString()).contains("打卡群", "/k/" + token);
        assertThat(sends.get(0).path("channel").asString()).isEqualToIgnoringCase("customer");

        var stranger = api.post(
                fixtures.path("/community/groups/" + CHAT + "/members/B/check-in-link/send"), fixtures.admin, Map.of());
        assertThat(stranger.status()).as("B has no profile yet").isEqualTo(409);
        assertThat(stranger.body().path("errors").get(0).path("field").asString())
                .isEqualTo("memberId");
    }

    @Test
    void aStreakGrowsDayByDayAndEarnsItsRewardOnce() {
        goal(3, 50, "打卡礼");
        assertThat(checkIn("A", "2026-11-10T08:00").counted()).isTrue();
        assertThat(checkIn("A", "2026-11-10T23:59").counted())
                .as("the same day again")
                .isFalse();
        assertThat(checkIn("A", "2026-11-11T00:01").standing().streak()).isEqualTo(2);
        var third = checkIn("A", "2026-11-12T20:00");
        assertThat(third.earned()).isNotNull();
        assertThat(third.earned().streakDays()).isEqualTo(3);
        assertThat(third.earned().streakStart()).isEqualTo(LocalDate.parse("2026-11-10"));
        assertThat(third.earned().points()).isEqualTo(50);
        assertThat(checkIn("A", "2026-11-12T21:00").earned())
                .as("a repeat earns nothing")
                .isNull();
        var fourth = checkIn("A", "2026-11-13T07:00");
        assertThat(fourth.standing().streak()).isEqualTo(4);
        assertThat(fourth.earned()).as("the streak was rewarded already").isNull();

        // a day missed: the streak starts again and, three days on, earns a second reward
        var restart = checkIn("A", "2026-11-15T09:00");
        assertThat(restart.standing().streak()).isEqualTo(1);
        assertThat(restart.standing().total()).isEqualTo(5);
        checkIn("A", "2026-11-16T09:00");
        assertThat(checkIn("A", "2026-11-17T09:00").earned().streakStart()).isEqualTo(LocalDate.parse("2026-11-15"));
        assertThat(fixtures.db()
                        .queryForList(
                                "select streak_start::text from community.check_in_reward where tenant_id = ? order by 1",
                                String.class,
                                tenant.value()))
                .containsExactly("2026-11-10", "2026-11-15");
        assertThat(inTenant(() -> checkIns.standing(tenant, CHAT, "A", LocalDate.parse("2026-11-19")))
                        .streak())
                .as("broken once 11-18 passed without a check-in")
                .isZero();
    }

    /**
     * 11-10 (Shanghai): A at 08:00, D at 09:00 and then D leaves at 12:00, B at 23:59, C at 00:01 on 11-11 (the
     * next day); E joins at 23:30. Members at the end of 11-10: A, B, C, E = 4; checked in that day: A, D, B = 3;
     * rate 3/4. Streaks on 11-10: A 2 (also 11-09), B 1, D 1.
     */
    @Test
    void theBoardCountsTheDaysCheckInsAgainstTheMembersAtItsEnd() {
        checkIn("A", "2026-11-09T21:00");
        checkIn("A", "2026-11-10T08:00");
        checkIn("D", "2026-11-10T09:00");
        fixtures.event(CHAT, "D", "quit", "2026-11-10T12:00", false);
        fixtures.db()
                .update(
                        "update community.member set left_at = ? where tenant_id = ? and member_id = 'D'",
                        CommunityFixtures.at("2026-11-10T12:00"),
                        tenant.value());
        fixtures.member(CHAT, "E", false, "member", "2026-11-10T23:30");
        fixtures.event(CHAT, "E", "join", "2026-11-10T23:30", false);
        checkIn("B", "2026-11-10T23:59");
        checkIn("C", "2026-11-11T00:01");

        CheckInBoard.Board day =
                inTenant(() -> board.of(tenant, CHAT, LocalDate.parse("2026-11-10"), CommunityFixtures.SHANGHAI, 10));
        assertThat(List.of(day.members(), day.checkedIn())).containsExactly(4L, 3L);
        assertThat(day.rate()).isCloseTo(0.75, within(1e-9));
        assertThat(day.today().stream().map(CheckInBoard.Entry::memberId)).containsExactly("A", "D", "B");
        assertThat(day.top().stream().map(e -> e.memberId() + ":" + e.streak())).containsExactly("A:2", "B:1", "D:1");
        var gone = api.post(
                fixtures.path("/community/groups/" + CHAT + "/members/D/check-in-link"), fixtures.admin, Map.of());
        assertThat(gone.status()).as("no link for a member who left").isEqualTo(404);
    }

    @Test
    void aMemberChecksInThroughTheirLinkOncePerDay() throws Exception {
        JsonNode link = issue("B");
        String token = link.path("token").asString();
        assertThat(token).startsWith(fixtures.slug + ".");
        var page = api.get("/api/v1/public/check-ins/" + token, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().path("groupName").asString()).isEqualTo("打卡群");
        assertThat(page.body().path("checkedInToday").asBoolean()).isFalse();

        var first = api.post("/api/v1/public/check-ins/" + token, null, Map.of());
        var second = api.post("/api/v1/public/check-ins/" + token, null, Map.of());
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.body().path("counted").asBoolean()).isTrue();
        assumeThat(second.body().path("standing").path("today").asString())
                .as("both in one day")
                .isEqualTo(first.body().path("standing").path("today").asString());
        assertThat(second.body().path("counted").asBoolean())
                .as("the second check-in of the day")
                .isFalse();
        assertThat(second.body().path("standing").path("total").asLong()).isEqualTo(1);
        assertThat(second.body().path("standing").path("checkedInToday").asBoolean())
                .isTrue();

        var standing = api.get(fixtures.path("/community/groups/" + CHAT + "/members/B/check-ins"), fixtures.admin);
        assertThat(standing.body().path("total").asLong()).isEqualTo(1);
        assertThat(standing.body().path("link").path("token").asString()).isEqualTo(token);
        var today = api.get(fixtures.path("/community/groups/" + CHAT + "/check-ins"), fixtures.admin);
        assertThat(today.body().path("checkedIn").asLong()).isEqualTo(1);
        assertThat(today.body().path("today").get(0).path("memberId").asString())
                .isEqualTo("B");

        var html = page("GET", token);
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).contains("打卡群", "今日已签到", "data-testid=\"total\">1<");
    }

    /** Opening the page and checking in are acts on the member's profile that audiences select on, per group. */
    @Test
    void openingAndCheckingInAreActsAudiencesSelectOn() {
        long carol = fixtures.profile("C", null, null);
        String token = issue("C").path("token").asString();

        assertThat(api.get("/api/v1/public/check-ins/" + token, null).status()).isEqualTo(200);
        assertThat(did("link-opened")).containsExactly(carol);
        assertThat(did("campaign-joined")).isEmpty();

        assertThat(api.post("/api/v1/public/check-ins/" + token, null, Map.of()).status())
                .isEqualTo(200);
        assertThat(did("campaign-joined")).containsExactly(carol);
        assertThat(ActivityPreview.whoDid(
                        api, fixtures.admin, fixtures.slug, "campaign-joined", "check-in:another-group"))
                .as("another group's check-ins")
                .isEmpty();
    }

    private List<Long> did(String kind) {
        return ActivityPreview.whoDid(api, fixtures.admin, fixtures.slug, kind, "check-in:" + CHAT);
    }

    @Test
    void forgedAlteredRevokedAndForeignLinksAreNotFound() throws Exception {
        String token = issue("C").path("token").asString();
        int dot = token.lastIndexOf('.');
        String id = token.substring(token.indexOf('.') + 1, dot);
        String tag = token.substring(dot + 1);
        String flipped = (tag.charAt(0) == 'A' ? 'B' : 'A') + tag.substring(1);
        assertNotFound(fixtures.slug + "." + id + "." + flipped);
        assertNotFound(fixtures.slug + "." + (Long.parseLong(id) + 1) + "." + tag);
        assertNotFound("nonsense");
        assertNotFound(fixtures.slug + ".1.");

        // another workspace: the same id and tag under its slug are not valid there
        var other = new CommunityFixtures(port, owner);
        other.group(CHAT, "别家的群", "staff-x", null, 0);
        other.member(CHAT, "C", false, "member", "2026-11-01T10:00");
        assertNotFound(other.slug + "." + id + "." + tag);
        var foreign = api.get(other.path("/community/groups/" + CHAT + "/members/C/check-ins"), other.admin);
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(200);
        assertThat(foreign.body().path("link").isObject())
                .as("the other workspace sees no link for its own member C")
                .isFalse();
        assertThat(foreign.body().path("total").asLong()).isZero();

        // a new link revokes the old one; revoking leaves none
        String renewed = issue("C").path("token").asString();
        assertNotFound(token);
        assertThat(api.post("/api/v1/public/check-ins/" + renewed, null, Map.of())
                        .status())
                .isEqualTo(200);
        var revoked = api.call(
                HttpMethod.DELETE,
                fixtures.path("/community/groups/" + CHAT + "/members/C/check-in-link"),
                fixtures.admin,
                null);
        assertThat(revoked.status()).isEqualTo(204);
        assertNotFound(renewed);
        var html = page("POST", renewed);
        assertThat(html.statusCode()).isEqualTo(404);
        assertThat(html.body()).contains("链接无效");
    }

    @Test
    void theCheckInGoalAndTheStageGoalsAreSavedAndValidated() {
        String path = fixtures.path("/community/policies/vip");
        Map<String, Object> body = new java.util.HashMap<>(Map.of(
                "guardLinks",
                true,
                "guardCards",
                true,
                "foundedAfterDays",
                3,
                "foundedMembers",
                10,
                "activeInteraction",
                0.3,
                "retaining",
                0.9,
                "monetisedConversion",
                0.2,
                "checkInStreakDays",
                21,
                "checkInRewardPoints",
                100,
                "checkInRewardNote",
                "21 天打卡礼"));
        var saved = api.call(HttpMethod.PUT, path, fixtures.admin, body);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.body().path("foundedMembers").asInt()).isEqualTo(10);
        assertThat(saved.body().path("monetisedConversion").asDouble()).isEqualTo(0.2);
        assertThat(saved.body().path("checkInStreakDays").asInt()).isEqualTo(21);

        JsonNode traffic = api.get(fixtures.path("/community/policies"), fixtures.admin)
                .body()
                .get(0);
        assertThat(traffic.path("type").asString()).isEqualTo("traffic");
        assertThat(List.of(
                        traffic.path("foundedAfterDays").asInt(),
                        traffic.path("foundedMembers").asInt()))
                .as("an unsaved type has the handbook's goals")
                .containsExactly(7, 30);
        assertThat(traffic.path("retaining").asDouble()).isEqualTo(0.8);

        body.put("retaining", 1.5);
        assertBadField(api.call(HttpMethod.PUT, path, fixtures.admin, body), "retaining");
        body.put("retaining", 0.9);
        body.put("foundedMembers", 0);
        assertBadField(api.call(HttpMethod.PUT, path, fixtures.admin, body), "foundedMembers");
        body.put("foundedMembers", 10);
        body.remove("checkInStreakDays");
        assertBadField(api.call(HttpMethod.PUT, path, fixtures.admin, body), "checkInStreakDays");
        body.put("checkInStreakDays", 1);
        assertBadField(api.call(HttpMethod.PUT, path, fixtures.admin, body), "checkInStreakDays");
        assertThat(api.get(fixtures.path("/community/policies"), fixtures.admin)
                        .body()
                        .get(3)
                        .path("retaining")
                        .asDouble())
                .as("nothing half written")
                .isEqualTo(0.9);
    }

    private HttpResponse<String> page(String method, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/k/" + token))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Accept", "text/html")
                .build();
        try (var client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private void assertBadField(Api.Answer answer, String field) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.toString()).contains(field);
    }

    private void assertNotFound(String token) {
        var answer = api.post("/api/v1/public/check-ins/" + token, null, Map.of());
        assertThat(answer.status()).as(token).isEqualTo(404);
        assertThat(answer.body().path("type").asString()).isEqualTo("urn:moat:problem:check-in-link-not-found");
    }

    private JsonNode issue(String member) {
        var issued = api.post(
                fixtures.path("/community/groups/" + CHAT + "/members/" + member + "/check-in-link"),
                fixtures.admin,
                Map.of());
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        return issued.body();
    }

    private void goal(int days, int points, String note) {
        var saved = api.call(
                HttpMethod.PUT,
                fixtures.path("/community/policies/welfare"),
                fixtures.admin,
                Map.of(
                        "guardLinks", true,
                        "guardCards", true,
                        "checkInStreakDays", days,
                        "checkInRewardPoints", points,
                        "checkInRewardNote", note));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    }

    private CheckIns.Outcome checkIn(String member, String localTime) {
        return inTenant(() ->
                checkIns.checkIn(tenant, CHAT, member, CommunityFixtures.local(localTime), CommunityFixtures.SHANGHAI));
    }

    private <T> T inTenant(Supplier<T> work) {
        return CallContext.forTenant(tenant, "test").call(() -> transactions.execute(status -> work.get()));
    }
}
