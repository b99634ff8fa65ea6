package io.moat.acquisition;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.SimulatorControl;
import io.moat.customers.CustomerId;
import io.moat.customers.CustomerLookup;
import io.moat.customers.internal.ClaimLinks;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.wecomsim.SimSettings;
import io.moat.wecomsim.WecomSim;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Channel codes against wecom-sim over real HTTP and encrypted callbacks, with the sim's clock following wall time
 * (so WeCom's 20-second welcome window is real): virtual customers open the code's public page, Moat's rotation picks
 * the staff member, the customer scans that staff member's contact way in the sim, and Moat tags, attributes and
 * welcomes them. The sim's own record (who scanned which way, what each customer received) is the reference.
 */
@MoatTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AcquisitionEndToEndTests {

    static final WecomSim SIM = WecomSim.start(new SimSettings(0, 20261124L, Instant.now(), true));
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Autowired
    ClaimLinks claimLinks;

    @Autowired
    CustomerLookup lookup;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    org.springframework.context.ApplicationEventPublisher events;

    final SimulatorControl control = new SimulatorControl(SIM);
    Api api;
    RestClient http;
    String admin;
    String slug;
    TenantId tenant;
    String corpId;
    long channelTag;

    @BeforeAll
    void corpWiredToMoat() throws Exception {
        api = new Api(port);
        http = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> {})
                .build();
        admin = api.admin();
        slug = api.newWorkspace(admin);
        tenant = new TenantId(
                db().queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
        var corp = control.connect(api, admin, slug, port, false);
        corpId = corp.corpId();
        for (String staff : List.of("anna", "bo", "chen", "dai", "eli", "fay")) {
            control.staff(corp, staff, "员工" + staff);
        }
        var group = api.post(path("/tags/groups"), admin, Map.of("name", "来源", "tags", List.of("包裹卡双11")));
        assertThat(group.status()).as(group.toString()).isEqualTo(201);
        channelTag = group.body().path("tags").get(0).path("id").asLong();
    }

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    @Test
    void aThousandCustomersSpreadOverCapsWithTheBackupTakingTheOverflowEachWelcomedOnceAndCounted() throws Exception {
        DayOfWeek tomorrow = LocalDate.now(SHANGHAI).plusDays(1).getDayOfWeek();
        JsonNode channel = createChannel(
                "双11包裹卡",
                List.of(
                        staff("anna", 300, false, null),
                        staff("bo", 300, false, null),
                        staff("chen", 500, false, tomorrow),
                        staff("dai", null, true, null)),
                List.of(channelTag));
        long channelId = channel.path("id").asLong();
        String code = channel.path("code").asString();
        Map<String, String> configByStaff = new HashMap<>();
        channel.path("staff")
                .forEach(s -> configByStaff.put(
                        s.path("staffUserId").asString(), s.path("configId").asString()));

        Map<String, String> staffOf = new LinkedHashMap<>();
        for (int customer = 0; customer < 1000; customer++) {
            JsonNode shown = visit(code, "v-" + customer + "-" + UUID.randomUUID());
            String staff = shown.path("staffUserId").asString();
            assertThat(shown.path("configId").asString()).isEqualTo(configByStaff.get(staff));
            JsonNode scanned = scan(shown.path("configId").asString(), "顾客" + customer);
            assertThat(scanned.path("userId").asString()).isEqualTo(staff);
            staffOf.put(scanned.path("externalUserId").asString(), staff);
            if (customer % 25 == 24) {
                // Keep Moat at most a few seconds behind the scans, as a real code's traffic would.
                awaitWelcomesFinished(staffOf.keySet());
            }
        }
        awaitWelcomesFinished(staffOf.keySet());
        assertThat(db().queryForList(
                                "select status || ' ' || coalesce(reason, '') || ' ' || count(*) from acquisition.welcome_send"
                                        + " where tenant_id = ? and channel_id = ? group by status, reason",
                                String.class,
                                tenant.value(),
                                channelId))
                .containsExactly("sent  1000");
        // The common send log holds the same welcomes: one final row per customer, keyed by the channel and the add.
        assertThat(db().queryForList(
                                "select state || ' ' || count(*) || ' ' || count(distinct external_user_id)"
                                        + " from messaging.send where tenant_id = ? and channel = 'welcome'"
                                        + " and send_key like ? group by state",
                                String.class,
                                tenant.value(),
                                "welcome/channel/" + channelId + "/%"))
                .containsExactly("sent 1000 1000");
        assertThat(db().queryForList(
                                "select external_user_id from messaging.send where tenant_id = ? and send_key like ?",
                                String.class,
                                tenant.value(),
                                "welcome/channel/" + channelId + "/%"))
                .containsExactlyInAnyOrderElementsOf(staffOf.keySet());
        String someone = staffOf.keySet().iterator().next();
        var logged = api.get(path("/sends?customerId=" + profileOf(someone)), admin);
        assertThat(logged.status()).as(logged.toString()).isEqualTo(200);
        assertThat(logged.body().path("sends")).hasSize(1);
        JsonNode welcomeRow = logged.body().path("sends").get(0);
        assertThat(welcomeRow.path("channel").asString()).isEqualTo("WELCOME");
        assertThat(welcomeRow.path("state").asString()).isEqualTo("SENT");
        assertThat(welcomeRow.path("staffUserId").asString()).isEqualTo(staffOf.get(someone));
        assertThat(welcomeRow.path("externalUserId").asString()).isEqualTo(someone);
        assertThat(welcomeRow.path("text").asString()).contains("员工" + staffOf.get(someone));

        Map<String, Long> simRecord =
                staffOf.values().stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        assertThat(simRecord).containsExactlyInAnyOrderEntriesOf(Map.of("anna", 300L, "bo", 300L, "dai", 400L));

        List<JsonNode> welcomes = new ArrayList<>();
        SimulatorControl.json(sim("GET", "/sim/corps/" + corpId + "/deliveries", null))
                .forEach(d -> {
                    if (d.path("kind").asString().equals("welcome_msg")) {
                        welcomes.add(d);
                    }
                });
        welcomes.removeIf(d -> !staffOf.containsKey(d.path("externalUserId").asString()));
        assertThat(welcomes).hasSize(1000);
        assertThat(welcomes.stream()
                        .map(d -> d.path("externalUserId").asString())
                        .distinct())
                .containsExactlyInAnyOrderElementsOf(staffOf.keySet());
        for (JsonNode welcome : welcomes) {
            String externalUserId = welcome.path("externalUserId").asString();
            assertThat(welcome.path("userId").asString()).isEqualTo(staffOf.get(externalUserId));
            String url = benefitUrl(welcome);
            String token = url.substring(url.indexOf("/m/claim/") + "/m/claim/".length());
            var claimant = claimLinks.verify(token).orElseThrow(() -> new AssertionError("bad claim link " + url));
            assertThat(claimant.tenant()).isEqualTo(tenant);
            assertThat(claimant.customerId()).isEqualTo(profileOf(externalUserId));
            assertThat(welcome.path("text").asString()).contains("员工" + staffOf.get(externalUserId));
        }

        // The tags module settles channel tags onto profiles as they appear, retrying briefly and then in its
        // once-a-minute sweep; on a loaded machine the last ones can wait for that sweep.
        Awaitility.await()
                .atMost(Duration.ofSeconds(180))
                .until(() -> db().queryForObject(
                                        "select count(*) from tags.tag_assignment where tenant_id = ? and tag_id = ? and source = 'channel'",
                                        Long.class,
                                        tenant.value(),
                                        channelTag)
                        == 1000);

        LocalDate today = LocalDate.now(SHANGHAI);
        var stats = api.get(
                path("/channels/" + channelId + "/stats?from=" + today.minusDays(1) + "&to=" + today.plusDays(1)),
                admin);
        assertThat(stats.status()).as(stats.toString()).isEqualTo(200);
        JsonNode totals = stats.body().path("totals");
        assertThat(totals.path("scans").asLong()).isEqualTo(1000);
        assertThat(totals.path("adds").asLong()).isEqualTo(1000);
        assertThat(totals.path("joinRate").asDouble()).isEqualTo(1.0);
        assertThat(totals.path("netAdds").asLong()).isEqualTo(1000);
        Map<String, Long> addsByStaff = new HashMap<>();
        stats.body()
                .path("rows")
                .forEach(row -> addsByStaff.merge(
                        row.path("staffUserId").asString(), row.path("adds").asLong(), Long::sum));
        assertThat(addsByStaff).containsExactlyInAnyOrderEntriesOf(simRecord);
        assertThat(db().queryForList(
                                "select distinct decision from acquisition.visit where tenant_id = ? and staff_user_id = 'dai'",
                                String.class,
                                tenant.value()))
                .containsExactly("backup");
    }

    @Test
    void badInputIsRecordedWithAReasonNothingIsRetriedAndNothingIsLost() throws Exception {
        JsonNode channel = createChannel(
                "公众号菜单", List.of(staff("eli", null, false, null), staff("fay", null, false, null)), List.of());
        long id = channel.path("id").asLong();
        String code = channel.path("code").asString();

        // A repeated callback: one arrival, one welcome.
        knobs(Map.of("duplicateCallbacks", 1.0));
        String twice;
        try {
            twice = scan(visit(code, "dup-visitor").path("configId").asString(), "重复回调")
                    .path("externalUserId")
                    .asString();
            awaitWelcome(twice);
        } finally {
            knobs(Map.of("duplicateCallbacks", 0.0));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> duplicateAddsDelivered() >= 1);
        assertThat(welcomesTo(twice)).isEqualTo(1);
        assertThat(sendLogOf(twice)).containsExactly("sent ");
        assertThat(count(
                        "select count(*) from acquisition.arrival where tenant_id = ? and external_user_id = ?", twice))
                .isEqualTo(1);

        // An expired welcome code: failed with WeCom's reason, tried once.
        long callsBefore = welcomeCalls();
        knobs(Map.of(
                "failNext", Map.of("api", "/cgi-bin/externalcontact/send_welcome_msg", "errcode", 41050, "count", 1)));
        String late = scan(visit(code, "late-visitor").path("configId").asString(), "过期")
                .path("externalUserId")
                .asString();
        JsonNode expired = awaitWelcome(late);
        assertThat(expired.path("status").asString()).isEqualTo("failed");
        assertThat(expired.path("errcode").asInt()).isEqualTo(41050);
        assertThat(expired.path("reason").asString()).contains("expired");
        assertThat(welcomeCalls() - callsBefore).isEqualTo(1);
        assertThat(welcomesTo(late)).isZero();
        assertThat(sendLogOf(late)).containsExactly("failed welcome_code_expired");

        // No welcome code (the admin console's welcome applies): skipped with the reason, not dropped.
        String quiet = "wmquiet" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        String eliState = stateOf(channel, "eli");
        // WeCom's callback for such an add carries no WelcomeCode; the sim always issues one, so the event is
        // published as the wecom module would publish it.
        CallContext.forTenant(tenant, "test")
                .run(() -> transactions.executeWithoutResult(status -> events.publishEvent(
                        new io.moat.wecom.CustomerAdded(tenant, quiet, "eli", eliState, null, Instant.now()))));
        JsonNode skipped = awaitWelcome(quiet);
        assertThat(skipped.path("status").asString()).isEqualTo("skipped");
        assertThat(skipped.path("reason").asString()).contains("no welcome code");
        assertThat(sendLogOf(quiet)).containsExactly("skipped no_welcome_code");
        var skippedInLog = api.get(path("/sends?state=skipped&reason=no_welcome_code"), admin);
        assertThat(skippedInLog.body().path("sends").valueStream().map(r -> r.path("externalUserId")
                        .asString()))
                .containsExactly(quiet);

        // A contact way deleted in WeCom behind Moat's back: the check makes it again with the same state.
        String eliWay = configOf(channel, "eli");
        var deleted = sim(
                "POST",
                "/cgi-bin/externalcontact/del_contact_way?access_token=" + token(),
                Map.of("config_id", eliWay));
        assertThat(SimulatorControl.json(deleted).path("errcode").asInt()).isZero();
        var checked = api.post(path("/channels/" + id + "/check"), admin, Map.of());
        assertThat(checked.status()).as(checked.toString()).isEqualTo(200);
        assertThat(checked.body()).hasSize(1);
        assertThat(checked.body().get(0).path("reason").asString()).contains("40058");
        String newWay = checked.body().get(0).path("newConfigId").asString();
        assertThat(newWay).isNotEqualTo(eliWay);
        JsonNode repaired = scan(newWay, "修复后");
        assertThat(repaired.path("state").asString()).isEqualTo(eliState);
        assertThat(awaitWelcome(repaired.path("externalUserId").asString())
                        .path("status")
                        .asString())
                .isEqualTo("sent");

        // A staff member who left: out of the rotation at once, with the reason on the code.
        sim("DELETE", "/sim/corps/" + corpId + "/staff/fay", null);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !api.get(path("/channels/" + id), admin)
                .body()
                .path("staff")
                .get(1)
                .path("leftAt")
                .isMissingNode());
        for (int i = 0; i < 6; i++) {
            assertThat(visit(code, "after-" + i).path("staffUserId").asString()).isEqualTo("eli");
        }
        assertThat(db().queryForObject(
                                "select count(*) from acquisition.welcome_send where tenant_id = ? and status = 'sending'",
                                Long.class,
                                tenant.value()))
                .as("every welcome ended in one state")
                .isZero();
        assertThat(db().queryForObject(
                                "select count(*) from messaging.send where tenant_id = ? and send_key like ?",
                                Long.class,
                                tenant.value(),
                                "welcome/channel/" + id + "/%"))
                .as("each welcome in the send log once")
                .isEqualTo(db().queryForObject(
                                "select count(*) from acquisition.welcome_send where tenant_id = ? and channel_id = ?",
                                Long.class,
                                tenant.value(),
                                id));
    }

    @Test
    void badChannelsAreRefusedNamingTheFieldAndNothingIsLeftInWecom() throws Exception {
        long waysBefore = contactWays();
        Map<String, Object> good = new HashMap<>(Map.of(
                "name", "短信召回",
                "kind", "sms",
                "kindFields", Map.of("audience", "90天内购买过的客户"),
                "staff", List.of(staff("eli", null, false, null)),
                "welcome", Map.of("text", "你好{nickname}")));

        var noAudience = new HashMap<>(good);
        noAudience.put("kindFields", Map.of());
        assertThat(Api.fields(api.post(path("/channels"), admin, noAudience))).containsExactly("kindFields.audience");

        var onlyBackups = new HashMap<>(good);
        onlyBackups.put("staff", List.of(staff("eli", null, true, null)));
        assertThat(Api.fields(api.post(path("/channels"), admin, onlyBackups))).containsExactly("staff");

        var unknownTag = new HashMap<>(good);
        unknownTag.put("tagIds", List.of(987654321L));
        var refusedTag = api.post(path("/channels"), admin, unknownTag);
        assertThat(refusedTag.status()).as(refusedTag.toString()).isEqualTo(400);
        assertThat(Api.fields(refusedTag)).containsExactly("tagIds");

        // WeCom refuses the second staff member (not in the directory): the first one's contact way is undone.
        var strangerToo = new HashMap<>(good);
        strangerToo.put("staff", List.of(staff("eli", null, false, null), staff("nobody-here", null, false, null)));
        var refused = api.post(path("/channels"), admin, strangerToo);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(502);
        assertThat(Api.fields(refused)).containsExactly("staff[1].staffUserId");
        assertThat(contactWays()).isEqualTo(waysBefore);
        assertThat(api.get(path("/channels"), admin).body().valueStream().map(c -> c.path("name")
                        .asString()))
                .doesNotContain("短信召回");

        var created = api.post(path("/channels"), admin, good);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.body().path("id").asLong();
        byte[] png = http.get()
                .uri(path("/channels/" + id + "/qr.png?size=256"))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                .retrieve()
                .body(byte[].class);
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        String svg = http.get()
                .uri(path("/channels/" + id + "/qr.svg"))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin)
                .retrieve()
                .body(String.class);
        assertThat(svg).startsWith("<svg").contains("<path");
        var page = http.get()
                .uri("/c/" + created.body().path("code").asString())
                .retrieve()
                .toEntity(String.class);
        assertThat(page.getBody()).contains("短信召回").contains("<img");
        assertThat(page.getHeaders().get(HttpHeaders.SET_COOKIE)).anyMatch(c -> c.startsWith("moat_v="));
        assertThat(http.get()
                        .uri("/c/" + slug + "-zzzzzzzz")
                        .retrieve()
                        .toBodilessEntity()
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
    }

    private long contactWays() throws Exception {
        return SimulatorControl.json(sim(
                        "POST",
                        "/cgi-bin/externalcontact/list_contact_way?access_token=" + token(),
                        Map.of("limit", 1000)))
                .path("contact_way")
                .size();
    }

    private JsonNode awaitWelcome(String externalUserId) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> count(
                                "select count(*) from acquisition.welcome_send where tenant_id = ? and external_user_id = ? and status <> 'sending'",
                                externalUserId)
                        == 1);
        var row = db().queryForMap(
                        "select status, errcode, reason from acquisition.welcome_send where tenant_id = ? and external_user_id = ?",
                        tenant.value(),
                        externalUserId);
        var node = tools.jackson.databind.json.JsonMapper.builder().build().createObjectNode();
        node.put("status", String.valueOf(row.get("status")));
        node.put("errcode", row.get("errcode") == null ? 0 : ((Number) row.get("errcode")).intValue());
        node.put("reason", String.valueOf(row.get("reason")));
        return node;
    }

    /** The customer's welcomes in the common send log, as "state reason". */
    private List<String> sendLogOf(String externalUserId) {
        return db().queryForList(
                        "select state || ' ' || coalesce(reason, '') from messaging.send"
                                + " where tenant_id = ? and external_user_id = ? and channel = 'welcome'",
                        String.class,
                        tenant.value(),
                        externalUserId);
    }

    private long count(String sql, String externalUserId) {
        return db().queryForObject(sql, Long.class, tenant.value(), externalUserId);
    }

    private long welcomesTo(String externalUserId) throws Exception {
        long n = 0;
        for (JsonNode d : SimulatorControl.json(
                sim("GET", "/sim/corps/" + corpId + "/deliveries?externalUserId=" + externalUserId, null))) {
            n += d.path("kind").asString().equals("welcome_msg") ? 1 : 0;
        }
        return n;
    }

    private long duplicateAddsDelivered() throws Exception {
        long n = 0;
        for (JsonNode c : SimulatorControl.json(sim("GET", "/sim/corps/" + corpId + "/callbacks", null))) {
            boolean duplicateAdd = c.path("changeType").asString().equals("add_external_contact")
                    && c.path("duplicate").asBoolean()
                    && c.path("delivered").asBoolean();
            n += duplicateAdd ? 1 : 0;
        }
        return n;
    }

    private long welcomeCalls() throws Exception {
        JsonNode calls = SimulatorControl.json(
                sim("GET", "/sim/corps/" + corpId + "/api-calls?path=/cgi-bin/externalcontact/send_welcome_msg", null));
        long n = 0;
        for (JsonNode p : calls.path("paths")) {
            n += p.path("count").asLong();
        }
        return n;
    }

    private void knobs(Map<String, ?> knobs) throws Exception {
        control.knobs(corpId, knobs);
    }

    private String token() throws Exception {
        return SimulatorControl.json(sim("GET", "/cgi-bin/gettoken?corpid=" + corpId + "&corpsecret=sim-secret", null))
                .path("access_token")
                .asString();
    }

    private static String stateOf(JsonNode channel, String staff) {
        return member(channel, staff).path("state").asString();
    }

    private static String configOf(JsonNode channel, String staff) {
        return member(channel, staff).path("configId").asString();
    }

    private static JsonNode member(JsonNode channel, String staff) {
        for (JsonNode s : channel.path("staff")) {
            if (s.path("staffUserId").asString().equals(staff)) {
                return s;
            }
        }
        throw new AssertionError(staff + " not on " + channel);
    }

    private String benefitUrl(JsonNode welcome) {
        for (JsonNode attachment : welcome.path("attachments")) {
            String url = attachment.path("link").path("url").asString();
            if (url.contains("/m/claim/")) {
                return url;
            }
        }
        throw new AssertionError("no benefit link in " + welcome);
    }

    private long profileOf(String externalUserId) {
        return CallContext.forTenant(tenant, "test")
                .call(() -> transactions.execute(status -> lookup.byExternalUserId(tenant, externalUserId)
                        .map(CustomerId::value)
                        .orElseThrow()));
    }

    /** Waits until each of these customers' welcomes has ended in a state (sent, failed or skipped). */
    private void awaitWelcomesFinished(java.util.Collection<String> externalUserIds) {
        String[] ids = externalUserIds.toArray(String[]::new);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> db().queryForObject(
                                        "select count(distinct external_user_id) from acquisition.welcome_send"
                                                + " where tenant_id = ? and external_user_id = any(?) and status <> 'sending'",
                                        Long.class,
                                        tenant.value(),
                                        ids)
                        == ids.length);
    }

    JsonNode createChannel(String name, List<Map<String, Object>> staff, List<Long> tagIds) {
        var created = api.post(
                path("/channels"),
                admin,
                Map.of(
                        "name",
                        name,
                        "kind",
                        "package_card",
                        "kindFields",
                        Map.of("shop", "天猫旗舰店"),
                        "rotation",
                        "round_robin",
                        "staff",
                        staff,
                        "tagIds",
                        tagIds,
                        "welcome",
                        Map.of(
                                "text", "你好{nickname}，我是{staff}，双11包裹卡福利请领取：",
                                "attachments",
                                        List.of(Map.of("kind", "image", "picUrl", "https://img.example.com/card.png")),
                                "benefit", Map.of("title", "领取0.01元回购礼", "description", "凭订单号领取"))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body();
    }

    static Map<String, Object> staff(String id, Integer cap, boolean backup, DayOfWeek onlyOn) {
        Map<String, Object> staff = new HashMap<>();
        staff.put("staffUserId", id);
        staff.put("backup", backup);
        if (cap != null) {
            staff.put("dailyCap", cap);
        }
        if (onlyOn != null) {
            staff.put("hours", Map.of(onlyOn.name(), List.of(Map.of("start", "00:00", "end", "23:59"))));
        }
        return staff;
    }

    JsonNode visit(String code, String visitor) {
        return http.post()
                .uri("/api/v1/public/channels/{code}/visits", code)
                .header(HttpHeaders.COOKIE, "moat_v=" + visitor)
                .header(HttpHeaders.USER_AGENT, "Mozilla/5.0 (iPhone) MicroMessenger/8.0")
                .exchange((request, response) -> {
                    assertThat(response.getStatusCode().value()).isEqualTo(200);
                    return tools.jackson.databind.json.JsonMapper.builder()
                            .build()
                            .readTree(response.getBody().readAllBytes());
                });
    }

    JsonNode scan(String configId, String name) throws Exception {
        var answer = sim(
                "POST",
                "/sim/corps/" + corpId + "/scan",
                Map.of("configId", configId, "customer", Map.of("name", name)));
        assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 201);
        return SimulatorControl.json(answer);
    }

    String path(String rest) {
        return "/api/v1/workspaces/" + slug + rest;
    }

    HttpResponse<String> sim(String method, String path, Object body) throws Exception {
        return control.call(method, path, body);
    }

    JdbcTemplate db() {
        return new JdbcTemplate(owner);
    }
}
