package io.moat.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.RecordedEvents;
import io.moat.SimulatorControl;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.wecom.archive.ArchiveIngestion;
import io.moat.wecom.client.QuotaGovernor;
import io.moat.wecom.client.WecomClients;
import io.moat.wecomsim.SimSettings;
import io.moat.wecomsim.WecomSim;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Moat against wecom-sim over real HTTP and real encrypted callbacks: a customer scans a contact way and appears
 * with the right staff and state; duplicates and retries create nothing twice; a forced token expiry and a burst
 * over the rate limit are survived without losing a call; a full sync mirrors the corp and repairs a missed
 * deletion. Moat's waits advance the simulator's clock instead of sleeping.
 */
@MoatTest
@Import(WecomEndToEndTests.SimulatedTime.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WecomEndToEndTests {

    static final WecomSim SIM = WecomSim.start(new SimSettings(0, 20261122L, Instant.now(), true));

    @TestConfiguration(proxyBeanMethods = false)
    static class SimulatedTime {
        @Bean
        QuotaGovernor.Pause simulatedPause() {
            return duration -> SIM.clock().advance(duration);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    RecordedEvents events;

    @Autowired
    WecomClients clients;

    @Autowired
    WecomTags tags;

    @Autowired
    ArchiveIngestion archive;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    final SimulatorControl control = new SimulatorControl(SIM);
    Api api;
    String admin;
    String slug;
    TenantId tenant;
    String corpId;
    SimulatorControl.Corp corp;
    String configId;

    @BeforeAll
    void corpWiredToMoat() throws Exception {
        api = new Api(port);
        admin = api.admin();
        slug = api.newWorkspace(admin);
        tenant = new TenantId(new JdbcTemplate(owner)
                .queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
        corp = control.connect(api, admin, slug, port, false);
        corpId = corp.corpId();
        control.staff(corp, List.of("zhangsan", "lisi"));
        var test = api.post("/api/v1/workspaces/" + slug + "/wecom/config/test", admin, Map.of());
        assertThat(test.body().path("ok").asBoolean()).as(test.toString()).isTrue();
        configId = CallContext.forTenant(tenant, "test").call(() -> clients.forTenant(tenant)
                .orElseThrow()
                .addContactWay("zhangsan", "pkgcard-01", "e2e")
                .configId());
    }

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    @Test
    void aScannedCustomerAppearsWithTheRightStaffAndState() throws Exception {
        var scanned = json(scan("王小明"));
        String customer = scanned.path("externalUserId").asString();

        JsonNode contact = awaitContact(customer, c -> c.path("name").asString().equals("王小明"));

        JsonNode follow = contact.path("follows").get(0);
        assertThat(follow.path("userId").asString()).isEqualTo("zhangsan");
        assertThat(follow.path("state").asString()).isEqualTo("pkgcard-01");
        assertThat(follow.path("active").asBoolean()).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> api.get(
                        "/api/v1/workspaces/" + slug + "/customers?staff=zhangsan", admin)
                .body()
                .path("items")
                .valueStream()
                .anyMatch(c -> c.path("name").asString().equals("王小明")
                        && c.path("channel").asString().equals("pkgcard-01")));
        assertThat(events.of(CustomerAdded.class).stream()
                        .filter(e -> e.externalUserId().equals(customer)))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.state()).isEqualTo("pkgcard-01");
                    assertThat(e.welcomeCode())
                            .isEqualTo(scanned.path("welcomeCode").asString());
                });
    }

    @Test
    void duplicatedAndRetriedCallbacksCreateNothingTwice() throws Exception {
        knobs(Map.of("duplicateCallbacks", 1.0));
        try {
            String customer = json(scan("重复客户")).path("externalUserId").asString();
            awaitContact(customer, c -> c.path("name").asString().equals("重复客户"));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> json(sim("GET", "/sim/corps/" + corpId + "/callbacks", null))
                                    .valueStream()
                                    .filter(push -> push.path("duplicate").asBoolean())
                                    .count()
                            > 0);

            assertThat(events.of(CustomerAdded.class).stream()
                            .filter(e -> e.externalUserId().equals(customer)))
                    .hasSize(1);
            assertThat(new JdbcTemplate(owner).queryForObject("""
                            select count(*) from wecom.inbox where tenant_id = ? and fields ->> 'ExternalUserID' = ?
                              and change_type = 'add_external_contact'""", Long.class, tenant.value(), customer))
                    .isEqualTo(1);
        } finally {
            knobs(Map.of("duplicateCallbacks", 0.0));
        }
    }

    @Test
    void aForcedTokenExpiryIsSurvived() throws Exception {
        // Moat must hold a live token for the platform to invalidate (another test may have rebuilt its client).
        assertThat(api.post("/api/v1/workspaces/" + slug + "/wecom/config/test", admin, Map.of())
                        .body()
                        .path("ok")
                        .asBoolean())
                .isTrue();
        var revoked = sim("POST", "/sim/corps/" + corpId + "/knobs", Map.of("expireTokens", true));
        assertThat(json(revoked).path("expiredTokens").asInt())
                .as(revoked.body())
                .isPositive();

        String customer = json(scan("过期令牌")).path("externalUserId").asString();

        awaitContact(customer, c -> c.path("name").asString().equals("过期令牌"));
        assertThat(sim("GET", "/sim/corps/" + corpId + "/api-calls", null).body())
                .contains("42001");
    }

    @Test
    void aBurstOverTheRateLimitLosesNoCall() throws Exception {
        knobs(Map.of("perCorpPerApiPerMinute", 3));
        List<String> customers = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                customers.add(json(scan("限流客户" + i)).path("externalUserId").asString());
            }
            for (int i = 0; i < customers.size(); i++) {
                String name = "限流客户" + i;
                awaitContact(customers.get(i), c -> c.path("name").asString().equals(name));
            }
        } finally {
            knobs(Map.of("perCorpPerApiPerMinute", 10000));
        }
        assertThat(sim("GET", "/sim/corps/" + corpId + "/api-calls", null).body())
                .contains("45009");
    }

    @Test
    void corpTagsAreCreatedMarkedAndMirroredThroughTheApi() throws Exception {
        String customer = json(scan("打标签")).path("externalUserId").asString();
        awaitContact(customer, c -> c.path("name").asString().equals("打标签"));

        var created =
                CallContext.forTenant(tenant, "test").call(() -> tags.add(tenant, null, "购买意向", List.of("高意向", "低意向")));
        String high = created.getFirst().tagId();
        CallContext.forTenant(tenant, "test")
                .run(() -> tags.mark(tenant, "zhangsan", customer, List.of(high), List.of()));

        assertThat(created).extracting(WecomTags.Tag::name).containsExactly("高意向", "低意向");
        assertThat(new JdbcTemplate(owner)
                        .queryForObject(
                                "select count(*) from wecom.corp_tag where tenant_id = ? and group_name = '购买意向' and not deleted",
                                Long.class,
                                tenant.value()))
                .isEqualTo(2);
        String contact = sim(
                        "GET",
                        "/cgi-bin/externalcontact/get?external_userid=" + customer + "&access_token=" + token(),
                        null)
                .body();
        assertThat(contact).contains(high);
    }

    @Test
    void groupsTheirMembersAndTheirChatterReachMoat() throws Exception {
        String first = json(scan("群成员甲")).path("externalUserId").asString();
        String second = json(scan("群成员乙")).path("externalUserId").asString();
        String chatId = json(sim(
                        "POST",
                        "/sim/corps/" + corpId + "/groups",
                        Map.of(
                                "owner",
                                "zhangsan",
                                "name",
                                "福利群",
                                "memberExternalUserIds",
                                List.of(first),
                                "memberUserIds",
                                List.of())))
                .path("chatId")
                .asString();
        sim(
                "POST",
                "/sim/corps/" + corpId + "/groups/" + chatId + "/join",
                Map.of("externalUserIds", List.of(second), "joinScene", 3));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> activeMembers(chatId)
                .containsAll(List.of(first, second)));
        // the members are visible once the callback's transaction commits; its events are recorded just after
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(events.of(GroupCreated.class)).anyMatch(e -> e.chatId().equals(chatId));
            assertThat(events.of(MembersJoined.class))
                    .anyMatch(e ->
                            e.chatId().equals(chatId) && e.memberIds().equals(List.of(second)) && e.joinScene() == 3);
        });

        for (String[] said : new String[][] {{first, "早上好"}, {second, "今天有什么福利"}, {first, "已下单"}}) {
            sim(
                    "POST",
                    "/sim/corps/" + corpId + "/groups/" + chatId + "/say",
                    Map.of("from", said[0], "msgtype", "text", "content", said[1]));
        }
        var feed = api.call(
                HttpMethod.PUT,
                "/api/v1/workspaces/" + slug + "/wecom/config",
                admin,
                Map.of(
                        "corpId",
                        corpId,
                        "agentId",
                        1000002,
                        "apiBaseUrl",
                        SIM.baseUrl(),
                        "archiveFeedUrl",
                        SIM.baseUrl() + "/sim/corps/" + corpId + "/msgaudit"));
        assertThat(feed.status()).as(feed.toString()).isEqualTo(200);
        int stored = archive.pull(tenant);
        int again = archive.pull(tenant);

        assertThat(stored).isGreaterThanOrEqualTo(3);
        assertThat(again).isZero();
        assertThat(events.of(GroupMessagesArchived.class).stream()
                        .flatMap(e -> e.messages().stream())
                        .filter(m -> m.chatId().equals(chatId))
                        .map(GroupMessagesArchived.Message::sender))
                .containsExactly(first, second, first);

        sim(
                "POST",
                "/sim/corps/" + corpId + "/groups/" + chatId + "/quit",
                Map.of("externalUserIds", List.of(second), "quitScene", 0));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !activeMembers(chatId)
                .contains(second));
        assertThat(events.of(MembersLeft.class)).anyMatch(e -> e.chatId().equals(chatId) && e.quitScene() == 0);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> new JdbcTemplate(owner)
                .queryForList("""
                        select t.kind from customers.timeline_event t
                        join customers.identity i on i.tenant_id = t.tenant_id and i.customer_id = t.customer_id
                        where t.tenant_id = ? and i.kind = 'external_userid' and i.value = ?
                          and t.kind in ('joined_group', 'left_group') order by t.occurred_at""", String.class, tenant.value(), second)
                .equals(List.of("joined_group", "left_group")));
    }

    private List<String> activeMembers(String chatId) {
        return new JdbcTemplate(owner).queryForList("""
                        select member_id from wecom.group_member
                        where tenant_id = ? and chat_id = ? and left_at is null""", String.class, tenant.value(), chatId);
    }

    private String token() throws Exception {
        return json(sim("GET", "/cgi-bin/gettoken?corpid=" + corpId + "&corpsecret=sim-secret", null))
                .path("access_token")
                .asString();
    }

    @Test
    void aFullSyncMirrorsTheCorpAndRepairsAMissedDeletion() throws Exception {
        String customer = json(scan("将被删除")).path("externalUserId").asString();
        awaitContact(customer, c -> c.path("name").asString().equals("将被删除"));
        // No callback URL: WeCom's pushes go nowhere, as when callbacks are lost.
        control.callbacks(corp, null);
        try {
            sim(
                    "POST",
                    "/sim/corps/" + corpId + "/customers/" + customer + "/delete-staff",
                    Map.of("userid", "zhangsan"));
        } finally {
            pointCallbacksAtMoat();
        }
        assertThat(awaitContact(customer, c -> true)
                        .path("follows")
                        .get(0)
                        .path("active")
                        .asBoolean())
                .as("the deletion's callback was lost, so Moat still thinks the relation is active")
                .isTrue();

        var started = api.post("/api/v1/workspaces/" + slug + "/wecom/sync", admin, Map.of());
        assertThat(started.status()).isEqualTo(202);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !api.get(
                        "/api/v1/workspaces/" + slug + "/wecom/sync", admin)
                .body()
                .path("runs")
                .get(0)
                .path("status")
                .asString()
                .equals("running"));

        JsonNode run = api.get("/api/v1/workspaces/" + slug + "/wecom/sync", admin)
                .body()
                .path("runs")
                .get(0);
        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.path("counts").path("staff").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(run.path("counts").path("customers").asLong()).isGreaterThanOrEqualTo(1);
        JsonNode contact = awaitContact(customer, c -> true);
        assertThat(contact.path("follows").get(0).path("active").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/workspaces/" + slug + "/wecom/staff", admin)
                        .body()
                        .valueStream()
                        .map(s -> s.path("userId").asString()))
                .contains("zhangsan", "lisi");
    }

    private void pointCallbacksAtMoat() throws Exception {
        control.callbacks(corp, "http://127.0.0.1:" + port + "/wecom/callback/" + slug);
    }

    private HttpResponse<String> scan(String name) throws Exception {
        var answer = sim(
                "POST",
                "/sim/corps/" + corpId + "/scan",
                Map.of("configId", configId, "customer", Map.of("name", name)));
        assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 201);
        return answer;
    }

    private JsonNode awaitContact(String externalUserId, java.util.function.Predicate<JsonNode> ready) {
        JsonNode[] found = new JsonNode[1];
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    JsonNode items = api.get("/api/v1/workspaces/" + slug + "/wecom/contacts?limit=500", admin)
                            .body()
                            .path("items");
                    found[0] = items.valueStream()
                            .filter(c -> c.path("externalUserId").asString().equals(externalUserId))
                            .findFirst()
                            .orElse(null);
                    return found[0] != null && ready.test(found[0]);
                });
        return found[0];
    }

    private void knobs(Map<String, ?> knobs) throws Exception {
        control.knobs(corpId, knobs);
    }

    private HttpResponse<String> sim(String method, String path, @Nullable Object body) throws Exception {
        return control.call(method, path, body);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return SimulatorControl.json(response);
    }
}
