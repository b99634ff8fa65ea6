package io.moat.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.messaging.BrokerWorld;
import io.moat.messaging.Content;
import io.moat.messaging.SendBroker;
import io.moat.messaging.SendRequest;
import io.moat.messaging.SendState;
import io.moat.messaging.SendView;
import io.moat.messaging.internal.MessagingPolicy;
import io.moat.messaging.internal.Policies;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.shared.schedule.DueWorkRunner;
import io.moat.wecom.ContactRefreshed;
import io.moat.wecom.CustomerAdded;
import io.moat.wecomsim.SimSettings;
import io.moat.wecomsim.WecomSim;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A person's first minutes in the console, in headless Debian Chromium driven by Playwright: sign in, create a
 * workspace, invite an operator, switch the language; the WeCom settings of a configured workspace; the customer
 * list and a profile. The scripts
 * are in {@code web/e2e/}; their screenshots land in {@code moat/target/screenshots}.
 */
@MoatTest
class ConsoleBrowserTests {

    static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();

    @LocalServerPort
    int port;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Autowired
    io.moat.tasks.StaffTasks tasks;

    @Autowired
    SendBroker broker;

    @Autowired
    DueWorkRunner runner;

    @Autowired
    Policies policies;

    @Test
    void newcomerSignsInCreatesAWorkspaceInvitesAnOperatorAndSwitchesLanguage() throws Exception {
        String output = runScript("e2e/console.mjs", Map.of());
        assertScreenshots(output, "login.png", "workspace.png", "operators.png", "english.png");
    }

    @Test
    void weComSettingsShowTheCallbackUrlAndTheStoredConfigurationButNoSecret() throws Exception {
        Api api = new Api(port);
        String admin = api.admin();
        String slug = api.newWorkspace(admin);
        var saved = api.call(
                HttpMethod.PUT,
                "/api/v1/workspaces/" + slug + "/wecom/config",
                admin,
                Map.of(
                        "corpId",
                        "wwbrowsertest0001",
                        "agentId",
                        1000002,
                        "secret",
                        "browser-secret",
                        "token",
                        "BrowserToken1",
                        "encodingAesKey",
                        "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
                        "apiBaseUrl",
                        "http://127.0.0.1:9"));
        assertThat(saved.status()).isEqualTo(200);

        String output = runScript("e2e/wecom.mjs", Map.of("MOAT_WECOM_SLUG", slug));
        assertScreenshots(output, "wecom-config.png", "wecom-sync.png");
    }

    @Test
    void customersAppearInTheListAndTheirProfileTakesANote() throws Exception {
        Api api = new Api(port);
        String slug = api.newWorkspace(api.admin());
        TenantId tenant = new TenantId(new JdbcTemplate(owner)
                .queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
        Instant added = Instant.now();
        // The same events WeCom's callbacks produce, so the profiles come from the real projection.
        CallContext.forTenant(tenant, "test")
                .run(() -> transactions.executeWithoutResult(status -> {
                    for (String name : new String[] {"王小明", "李雷", "韩梅梅"}) {
                        String customer = "wm" + Integer.toHexString(name.hashCode()) + "browser";
                        events.publishEvent(new CustomerAdded(tenant, customer, "zhangsan", "pkgcard-01", null, added));
                        events.publishEvent(new ContactRefreshed(
                                tenant,
                                customer,
                                name,
                                1,
                                null,
                                List.of(),
                                List.of(new ContactRefreshed.Relation("zhangsan", "pkgcard-01", added)),
                                added));
                    }
                }));

        String output = runScript("e2e/customers.mjs", Map.of("MOAT_CUSTOMERS_SLUG", slug));
        assertScreenshots(output, "customers.png", "customer-profile.png");
    }

    @Test
    void ordersAreImportedWithLiveProgressAndMatchedToFans() throws Exception {
        Api api = new Api(port);
        String slug = api.newWorkspace(api.admin());
        Path repo = Path.of(System.getProperty("moat.repo.root", ".."))
                .toAbsolutePath()
                .normalize();
        Path export = repo.resolve("moat/src/test/resources/commerce/taobao-orders-gbk.csv");

        String output =
                runScript("e2e/orders.mjs", Map.of("MOAT_ORDERS_SLUG", slug, "MOAT_ORDERS_FILE", export.toString()));
        assertScreenshots(output, "orders-import.png", "orders.png", "order-matching.png");
    }

    @Test
    void groupsShowTheirFiguresAndATaskIsCompletedFromTheTaskList() throws Exception {
        Api api = new Api(port);
        String slug = api.newWorkspace(api.admin());
        JdbcTemplate db = new JdbcTemplate(owner);
        long tenant = db.queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug);
        // The registry as the community module projects it from WeCom's group events and the message archive.
        String chat = "wrBrowserTestGroup";
        Instant joined = Instant.now().minus(java.time.Duration.ofDays(3));
        groupWithMembers(
                db,
                tenant,
                chat,
                "会员福利1群",
                "welfare",
                joined,
                List.of("zhangsan", "wmBrowserA", "wmBrowserB", "wmBrowserC"));
        // A second group, one of whose members joined through a join code whose page was opened four times.
        String traffic = "wrBrowserTestTraffic";
        db.update(
                "insert into community.group_profile (tenant_id, chat_id, name, owner, group_type, created_at) values (?, ?, '引流1群', 'zhangsan', 'traffic', ?)",
                tenant,
                traffic,
                java.sql.Timestamp.from(joined));
        long code = db.queryForObject(
                "insert into community.join_code (tenant_id, code, name, state, config_id, qr_code, chat_ids, auto_create_room, created_at) values (?, ?, '海报入群', 'jc_browser1', 'cfgBrowser', 'https://wework.qpic.cn/wwpic/browser.png', ?, false, ?) returning id",
                Long.class,
                tenant,
                slug + "-browser1",
                new String[] {traffic},
                java.sql.Timestamp.from(joined));
        for (int scan = 0; scan < 4; scan++) {
            db.update(
                    "insert into community.join_code_scan (tenant_id, code_id, at) values (?, ?, ?)",
                    tenant,
                    code,
                    java.sql.Timestamp.from(Instant.now().minus(java.time.Duration.ofHours(2))));
        }
        for (String member : List.of("wmBrowserT1", "wmBrowserT2")) {
            Instant at = member.endsWith("1") ? joined : Instant.now().minus(java.time.Duration.ofHours(1));
            db.update(
                    "insert into community.member (tenant_id, chat_id, member_id, staff, joined_at, state) values (?, ?, ?, false, ?, ?)",
                    tenant,
                    traffic,
                    member,
                    java.sql.Timestamp.from(at),
                    member.endsWith("2") ? "jc_browser1" : null);
            db.update(
                    "insert into community.membership_event (tenant_id, chat_id, member_id, kind, at, staff, state) values (?, ?, ?, 'join', ?, false, ?)",
                    tenant,
                    traffic,
                    member,
                    java.sql.Timestamp.from(at),
                    member.endsWith("2") ? "jc_browser1" : null);
        }
        db.update(
                "insert into community.message (tenant_id, msg_id, chat_id, sender, sent_at, msg_type) values (?, 'm1', ?, 'wmBrowserA', ?, 'text')",
                tenant,
                chat,
                java.sql.Timestamp.from(Instant.now().minus(java.time.Duration.ofHours(1))));
        CallContext.forTenant(new TenantId(tenant), "test")
                .run(() -> transactions.executeWithoutResult(status -> tasks.assign(
                        new TenantId(tenant),
                        new io.moat.tasks.NewTask(
                                "community.guard-warning",
                                "zhangsan",
                                io.moat.tasks.TaskSubject.member(chat, "wmBrowserB"),
                                "提醒群成员遵守群规",
                                "成员发送了违规内容",
                                Map.of("hits", List.of(Map.of("content", "加微信领红包"))),
                                Instant.now().plus(java.time.Duration.ofDays(1)),
                                "browser-test"))));

        String output =
                runScript("e2e/community.mjs", Map.of("MOAT_COMMUNITY_SLUG", slug, "MOAT_COMMUNITY_GROUP", "会员福利1群"));
        assertScreenshots(
                output,
                "community.png",
                "community-group.png",
                "community-join-codes.png",
                "community-settings.png",
                "tasks.png");
    }

    @Test
    void theCheckInBoardCountsTodayAndAMemberChecksInThroughTheirPersonalLink() throws Exception {
        Api api = new Api(port);
        String admin = api.admin();
        String slug = api.newWorkspace(admin);
        JdbcTemplate db = new JdbcTemplate(owner);
        long tenant = db.queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug);
        String chat = "wrBrowserCheckIns";
        Instant joined = Instant.now().minus(Duration.ofDays(5));
        groupWithMembers(
                db, tenant, chat, "打卡群", "welfare", joined, List.of("zhangsan", "wmCheckA", "wmCheckB", "wmCheckC"));
        // wmCheckA checked in the two days before today; today A and B check in through their own links.
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        for (int back = 2; back >= 1; back--) {
            db.update(
                    "insert into community.check_in (tenant_id, chat_id, member_id, day, at, streak) values (?, ?, 'wmCheckA', ?, ?, ?)",
                    tenant,
                    chat,
                    java.sql.Date.valueOf(today.minusDays(back)),
                    java.sql.Timestamp.from(Instant.now().minus(Duration.ofDays(back))),
                    3 - back);
        }
        for (String member : List.of("wmCheckA", "wmCheckB")) {
            var link = api.post(
                    "/api/v1/workspaces/" + slug + "/community/groups/" + chat + "/members/" + member
                            + "/check-in-link",
                    admin,
                    Map.of());
            assertThat(link.status()).as(link.toString()).isEqualTo(201);
            var checkedIn = api.post("/api/v1/public/check-ins/" + link.text("token"), null, Map.of());
            assertThat(checkedIn.status()).as(checkedIn.toString()).isEqualTo(200);
        }

        String output = runScript(
                "e2e/checkins.mjs",
                Map.of(
                        "MOAT_CHECKINS_SLUG", slug,
                        "MOAT_CHECKINS_GROUP", "打卡群",
                        "MOAT_CHECKINS_MEMBER", "wmCheckC"));
        assertScreenshots(output, "community-check-ins.png", "check-in-page.png", "community-stage-goals.png");
    }

    @Test
    void aChannelCodeIsCreatedAndAVirtualCustomerArrivingThroughTheSimIsCounted() throws Exception {
        try (var sim =
                io.moat.wecomsim.WecomSim.start(new io.moat.wecomsim.SimSettings(0, 20261125L, Instant.now(), true))) {
            var control = new io.moat.SimulatorControl(sim);
            Api api = new Api(port);
            String admin = api.admin();
            String slug = api.newWorkspace(admin);
            // a zone whose date differs from UTC's right now (UTC+14 or UTC−11), so a UTC-dated batch form is caught
            String zone = java.time.LocalDate.now(java.time.ZoneId.of("Pacific/Kiritimati"))
                            .equals(java.time.LocalDate.now(java.time.ZoneOffset.UTC))
                    ? "Pacific/Pago_Pago"
                    : "Pacific/Kiritimati";
            assertThat(api.call(HttpMethod.PATCH, "/api/v1/workspaces/" + slug, admin, Map.of("timezone", zone))
                            .status())
                    .isEqualTo(200);
            var corp = control.connect(api, admin, slug, port, false);
            String corpId = corp.corpId();
            control.staff(corp, "anna", "Anna");

            String output = runScript(
                    "e2e/acquisition.mjs",
                    Map.of(
                            "MOAT_ACQ_SLUG",
                            slug,
                            "MOAT_SIM_URL",
                            sim.baseUrl(),
                            "MOAT_SIM_CORP",
                            corpId,
                            "MOAT_ACQ_ZONE",
                            zone));
            assertScreenshots(
                    output, "channels.png", "welcome-preview.png", "channel-dashboard.png", "batch-dates.png");
        }
    }

    @Test
    void aJourneyIsStartedFromATemplateCheckedStepByStepAndPublishedWithItsFunnel() throws Exception {
        Api api = new Api(port);
        String slug = api.newWorkspace(api.admin());
        String output = runScript("e2e/journeys.mjs", Map.of("MOAT_JOURNEYS_SLUG", slug));
        assertScreenshots(output, "journeys.png", "journey-editor.png", "journey-funnel.png");
    }

    @Test
    void theSendLogListsRealSendsWithTheirFinalStateAndReasonAndPagesThroughThem() throws Exception {
        try (WecomSim sim = WecomSim.start(new SimSettings(0, 20261125L, Instant.now(), true))) {
            BrokerWorld world = new BrokerWorld(sim, port, owner);
            // no quiet hours, so the sends are not held whatever the hour in the workspace's zone
            asTenant(world, () -> {
                policies.store(
                        world.tenant,
                        new MessagingPolicy(
                                null, null, null, null, null, 1, Duration.ofHours(24), Duration.ofHours(4)));
                return null;
            });
            BrokerWorld.CustomerAdded wang = world.customer("王小明", false);
            BrokerWorld.CustomerAdded gone = world.customer("路人甲", false);
            BrokerWorld.CustomerAdded late = world.customer("李雷", false);
            String text = "双十一提前购 " + System.nanoTime();
            for (BrokerWorld.CustomerAdded customer : List.of(wang, gone)) {
                asTenant(
                        world,
                        () -> broker.request(SendRequest.toCustomer(
                                        "browser/" + customer.id().value(), customer.id(), Content.text(text))
                                .forJourney("double-11", "1")));
            }
            // sent once zhangsan confirms; skipped for the customer who removed zhangsan meanwhile
            Instant now = Instant.now().plus(Duration.ofDays(2));
            runner.drain(now.plusSeconds(1));
            runner.drain(now.plusSeconds(90));
            String msgId = send(world, "browser/" + wang.id().value()).wecomMsgId();
            assertThat(msgId).isNotNull();
            world.call(
                    "POST",
                    "/sim/corps/" + world.corpId + "/customers/" + gone.externalUserId() + "/delete-staff",
                    Map.of("userid", "zhangsan"));
            world.confirm("zhangsan", msgId);
            runner.drain(now.plus(Duration.ofMinutes(7)));
            // failed: nobody confirms this one before its deadline
            asTenant(
                    world,
                    () -> broker.request(
                            SendRequest.toCustomer("browser/" + late.id().value(), late.id(), Content.text(text))
                                    .forJourney("double-11", "2")));
            Instant later = now.plus(Duration.ofDays(2));
            runner.drain(later.plusSeconds(1));
            runner.drain(later.plusSeconds(90));
            runner.drain(later.plus(Duration.ofHours(24)).plusSeconds(120));
            runner.drain(later.plus(Duration.ofHours(24)).plusSeconds(240));

            assertThat(send(world, "browser/" + wang.id().value()).state()).isEqualTo(SendState.SENT);
            assertThat(send(world, "browser/" + gone.id().value()).state()).isEqualTo(SendState.SKIPPED);
            assertThat(send(world, "browser/" + late.id().value()).state()).isEqualTo(SendState.FAILED);

            String output = runScript(
                    "e2e/sends.mjs",
                    Map.of(
                            "MOAT_SENDS_SLUG",
                            world.slug,
                            "MOAT_SENDS_CUSTOMER",
                            String.valueOf(wang.id().value())));
            assertThat(output).contains("SENT", "SKIPPED/not_a_friend", "FAILED/unconfirmed");
            assertScreenshots(output, "sends.png", "sends-skipped.png", "sends-customer.png");
        }
    }

    @Test
    void anAudienceIsBuiltWithNestedGroupsCountedLiveSavedAndAMemberExplained() throws Exception {
        var shop = new io.moat.tags.TagFixtures(port, owner, events, transactions);
        // 王 and 钱 carry 老客 only, 赵 carries both, 孙 only 羊毛: 老客 AND NOT (any of 羊毛) is 王 and 钱.
        var group = shop.group("兴趣", "manual", List.of("老客", "羊毛"));
        long loyal = io.moat.tags.TagFixtures.tagId(group, "老客");
        long bargain = io.moat.tags.TagFixtures.tagId(group, "羊毛");
        Map<String, List<Long>> people = new java.util.LinkedHashMap<>();
        people.put("王小明", List.of(loyal));
        people.put("赵敏", List.of(loyal, bargain));
        people.put("钱多多", List.of(loyal));
        people.put("孙悟空", List.of(bargain));
        Instant added = Instant.now();
        for (var person : people.entrySet()) {
            String external = "wm" + Integer.toHexString(person.getKey().hashCode()) + "aud";
            long customer = shop.added(external, "zhangsan", "pkgcard-01");
            shop.publish(new ContactRefreshed(
                    shop.tenant,
                    external,
                    person.getKey(),
                    1,
                    null,
                    List.of(),
                    List.of(new ContactRefreshed.Relation("zhangsan", "pkgcard-01", added)),
                    added));
            var tagged = shop.api.post(
                    shop.path("/customers/" + customer + "/tags"), shop.admin, Map.of("add", person.getValue()));
            assertThat(tagged.status()).as(tagged.toString()).isLessThan(300);
            if (person.getKey().equals("王小明")) {
                // member level, a custom field: 王小明 alone is 金卡 (the script's field step counts 1)
                shop.api.post(
                        shop.path("/customers/fields"),
                        shop.admin,
                        Map.of(
                                "key",
                                "member_level",
                                "label",
                                "会员等级",
                                "type",
                                "choice",
                                "choices",
                                List.of("金卡", "银卡")));
                var leveled = shop.api.call(
                        org.springframework.http.HttpMethod.PUT,
                        shop.path("/customers/" + customer + "/fields"),
                        shop.admin,
                        Map.of("member_level", "金卡"));
                assertThat(leveled.status()).as(leveled.toString()).isLessThan(300);
            }
        }

        String output = runScript(
                "e2e/audiences.mjs",
                Map.of(
                        "MOAT_AUDIENCES_SLUG",
                        shop.slug,
                        "MOAT_AUDIENCES_TAGS",
                        "老客,羊毛",
                        "MOAT_AUDIENCES_EXPECTED",
                        "2",
                        "MOAT_AUDIENCES_MEMBER",
                        "王小明"));
        assertScreenshots(
                output, "audience-builder.png", "segment.png", "segment-explanation.png", "audience-field.png");
    }

    private SendView send(BrokerWorld world, String key) {
        return asTenant(world, () -> broker.find(key)).orElseThrow();
    }

    private <T> T asTenant(BrokerWorld world, Supplier<T> work) {
        return CallContext.forTenant(world.tenant, "test").call(() -> transactions.execute(status -> work.get()));
    }

    @Test
    void aSyncedTagIsCreatedAndAFilteredListIsTaggedWithAResultPerCustomer() throws Exception {
        assumeFalse(Boolean.getBoolean("moat.console.skip"), "console build skipped with -Dskip.web=true");
        int members = 40;
        try (var sim = WecomSim.start(new SimSettings(0, 20261124L, Instant.now(), true))) {
            var control = new io.moat.SimulatorControl(sim);
            Api api = new Api(port);
            String admin = api.admin();
            String slug = api.newWorkspace(admin);
            String corpId = "wwtagsbrowser" + Long.toHexString(System.nanoTime() & 0xffff);
            var saved = api.call(
                    HttpMethod.PUT,
                    "/api/v1/workspaces/" + slug + "/wecom/config",
                    admin,
                    Map.of(
                            "corpId",
                            corpId,
                            "agentId",
                            1000002,
                            "secret",
                            "sim-secret",
                            "token",
                            "TagsBrowser1",
                            "encodingAesKey",
                            "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
                            "apiBaseUrl",
                            sim.baseUrl()));
            assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
            control.call("POST", "/sim/corps", Map.of("corpId", corpId, "agentId", 1000002, "secret", "sim-secret"));
            control.call("POST", "/sim/corps/" + corpId + "/staff", Map.of("userid", "zhangsan", "name", "张三"));
            String token = io.moat.SimulatorControl.json(
                            control.call("GET", "/cgi-bin/gettoken?corpid=" + corpId + "&corpsecret=sim-secret", null))
                    .path("access_token")
                    .asString();
            String way = io.moat.SimulatorControl.json(control.call(
                            "POST",
                            "/cgi-bin/externalcontact/add_contact_way?access_token=" + token,
                            Map.of("type", 1, "scene", 2, "user", List.of("zhangsan"), "state", "vip-tags")))
                    .path("config_id")
                    .asString();
            assertThat(way).isNotBlank();
            // No callback URL yet: the customers arrive through a full sync, one of them already gone in WeCom.
            List<String> scanned = new java.util.ArrayList<>();
            for (int i = 0; i < members + 5; i++) {
                String name = i < members ? "会员-%02d".formatted(i) : "访客-%02d".formatted(i);
                scanned.add(io.moat.SimulatorControl.json(control.call(
                                "POST",
                                "/sim/corps/" + corpId + "/scan",
                                Map.of("configId", way, "customer", Map.of("name", name))))
                        .path("externalUserId")
                        .asString());
            }
            assertThat(api.post("/api/v1/workspaces/" + slug + "/wecom/sync", admin, Map.of())
                            .status())
                    .isEqualTo(202);
            TenantId tenant = new TenantId(new JdbcTemplate(owner)
                    .queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(120))
                    .until(() -> new JdbcTemplate(owner)
                                    .queryForObject(
                                            "select count(*) from customers.staff_relation where tenant_id = ? and removed_at is null",
                                            Long.class,
                                            tenant.value())
                            == members + 5);
            control.call(
                    "POST",
                    "/sim/corps/" + corpId + "/customers/" + scanned.get(0) + "/delete-staff",
                    Map.of("userid", "zhangsan"));

            String output = runScript(
                    "e2e/tags.mjs",
                    Map.of(
                            "MOAT_TAGS_SLUG",
                            slug,
                            "MOAT_SIM_URL",
                            sim.baseUrl(),
                            "MOAT_SIM_CORP",
                            corpId,
                            "MOAT_TAGS_MEMBERS",
                            String.valueOf(members),
                            "MOAT_TAGS_MEMBER",
                            scanned.get(1)));
            assertScreenshots(output, "tags-synced.png", "tags-bulk-results.png", "tags-bulk-jobs.png");
        }
    }

    @Test
    void aGroupSopCalendarIsBuiltInTheWeekGridAndShowsItsUpcomingPosts() throws Exception {
        Api api = new Api(port);
        String slug = api.newWorkspace(api.admin());
        JdbcTemplate db = new JdbcTemplate(owner);
        long tenant = db.queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug);
        // one welfare group in the registry, as the community module projects it from WeCom's group events
        db.update(
                "insert into community.group_profile (tenant_id, chat_id, name, owner, group_type, created_at) values (?, 'wrBrowserSop', '福利1群', 'zhangsan', 'welfare', ?)",
                tenant,
                java.sql.Timestamp.from(Instant.now()));
        String output = runScript("e2e/sop.mjs", Map.of("MOAT_SOP_SLUG", slug));
        assertScreenshots(output, "sop-slot.png", "sop.png");
    }

    private String runScript(String script, Map<String, String> extra) throws Exception {
        assumeFalse(Boolean.getBoolean("moat.console.skip"), "console build skipped with -Dskip.web=true");
        Path repo = Path.of(System.getProperty("moat.repo.root", ".."))
                .toAbsolutePath()
                .normalize();
        Files.createDirectories(SCREENSHOTS);
        Path log = SCREENSHOTS.resolve(Path.of(script).getFileName() + ".log");
        var command = new ProcessBuilder("node", script)
                .directory(repo.resolve("web").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        command.environment().put("MOAT_URL", "http://127.0.0.1:" + port);
        command.environment().put("MOAT_ADMIN_PASSWORD", Api.ADMIN_PASSWORD);
        command.environment().put("SCREENSHOT_DIR", SCREENSHOTS.toString());
        command.environment().putAll(extra);
        var process = command.start();
        process.getOutputStream().close();
        boolean finished = process.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(finished).as("%s finished in time:%n%s", script, output).isTrue();
        assertThat(process.exitValue()).as("%s output:%n%s", script, output).isZero();
        return output;
    }

    private static void assertScreenshots(String output, String... names) {
        for (String name : names) {
            File file = SCREENSHOTS.resolve(name).toFile();
            assertThat(file).as("%s%n%s", name, output).exists();
            assertThat(file.length()).as(name).isGreaterThan(5_000);
        }
    }

    /** A group as community projects it from WeCom's events: owned by zhangsan, the first member, who is staff. */
    private static void groupWithMembers(
            JdbcTemplate db, long tenant, String chat, String name, String type, Instant joined, List<String> members) {
        db.update(
                "insert into community.group_profile (tenant_id, chat_id, name, owner, group_type, created_at) values (?, ?, ?, 'zhangsan', ?, ?)",
                tenant,
                chat,
                name,
                type,
                java.sql.Timestamp.from(joined));
        for (String member : members) {
            boolean staff = member.equals("zhangsan");
            db.update(
                    "insert into community.member (tenant_id, chat_id, member_id, staff, role, joined_at) values (?, ?, ?, ?, ?, ?)",
                    tenant,
                    chat,
                    member,
                    staff,
                    staff ? "owner" : "member",
                    java.sql.Timestamp.from(joined));
            db.update(
                    "insert into community.membership_event (tenant_id, chat_id, member_id, kind, at, staff) values (?, ?, ?, 'join', ?, ?)",
                    tenant,
                    chat,
                    member,
                    java.sql.Timestamp.from(joined),
                    staff);
        }
    }
}
