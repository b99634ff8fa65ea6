package io.moat.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.MoatTest;
import io.moat.RecordedEvents;
import io.moat.messaging.BrokerWorld.CustomerAdded;
import io.moat.messaging.internal.MessagingPolicy;
import io.moat.messaging.internal.Policies;
import io.moat.shared.context.CallContext;
import io.moat.shared.schedule.DueWorkRunner;
import io.moat.wecom.archive.ArchiveIngestion;
import io.moat.wecomsim.SimSettings;
import io.moat.wecomsim.WecomSim;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The broker against wecom-sim: sends become staff tasks in WeCom, confirmation and per-recipient results settle
 * them in exactly one final state; consent, quiet hours, caps, quota with priorities, reminders and the deadline
 * (reassign or fail) behave as the package documentation says. Due work runs only when a test drains it, at the
 * moment the test names; each test starts two days after the last moment the previous one drained, so no test runs
 * into time another already drained.
 */
@MoatTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SendBrokerEndToEndTests {

    static final WecomSim SIM = WecomSim.start(new SimSettings(0, 20261124L, Instant.now(), true));

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Autowired
    SendBroker broker;

    @Autowired
    DueWorkRunner runner;

    @Autowired
    Policies policies;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    ArchiveIngestion archive;

    @Autowired
    RecordedEvents events;

    @Autowired
    StaffNotifications notifications;

    BrokerWorld world;
    Instant clock = Instant.now();

    @BeforeAll
    void world() throws Exception {
        world = new BrokerWorld(SIM, port, owner);
        policy(new MessagingPolicy(null, null, null, null, null, 1, Duration.ofHours(24), Duration.ofHours(4)));
    }

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    @Test
    void aSendBecomesAStaffTaskAndIsSentOnceTheMemberConfirms() throws Exception {
        CustomerAdded wang = world.customer("王小明", false);
        SendRequest request = SendRequest.toCustomer(
                        "journey/welcome-series/step/1/customer/" + wang.id().value() + "/1",
                        wang.id(),
                        new Content("{{name}}，双十一提前购开始了", Map.of("name", "王小明"), List.of()))
                .forJourney("welcome-series", "1");

        long id = asTenant(() -> broker.request(request));
        assertThat(asTenant(() -> broker.request(request)))
                .as("same key, same send")
                .isEqualTo(id);
        Instant now = later();
        runner.drain(now.plusSeconds(1));
        assertThat(send(request.key()).state()).isEqualTo(SendState.QUEUED);
        runner.drain(now.plusSeconds(90));
        SendView tasked = send(request.key());
        assertThat(tasked.state()).isEqualTo(SendState.TASKED);
        assertThat(tasked.staffUserId()).isEqualTo("zhangsan");
        assertThat(world.deliveries(wang.externalUserId(), "mass")).isEmpty();

        world.confirm("zhangsan", tasked.wecomMsgId());
        runner.drain(now.plus(Duration.ofMinutes(7)));

        SendView sent = send(request.key());
        assertThat(sent.state()).isEqualTo(SendState.SENT);
        assertThat(sent.reason()).isNull();
        assertThat(world.deliveries(wang.externalUserId(), "mass"))
                .singleElement()
                .satisfies(d -> assertThat(d.path("text").asString()).isEqualTo("王小明，双十一提前购开始了"));
        assertThat(events.of(SendSettled.class).stream().filter(e -> e.sendId() == id))
                .singleElement()
                .satisfies(e -> assertThat(e.journeyId()).isEqualTo("welcome-series"));
        assertThat(asTenant(() -> broker.journeyCounts("welcome-series")))
                .containsExactly(new SendCount("1", SendState.SENT, null, 1));

        String sends = "/api/v1/workspaces/" + world.slug + "/sends";
        var log = world.api.get(sends + "?customerId=" + wang.id().value() + "&state=sent", world.admin);
        assertThat(log.status()).isEqualTo(200);
        assertThat(log.body().path("sends").valueStream().map(s -> s.path("key").asString()))
                .containsExactly(request.key());
        var counts = world.api.get(sends + "/journeys/welcome-series/counts", world.admin);
        assertThat(counts.body().get(0).path("count").asLong()).isEqualTo(1);
        var bad = world.api.get(sends + "?state=delivered", world.admin);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().toString()).contains("state");
    }

    @Test
    void sendsOfOneMemberShareATaskAndWecomsResultsMapToFinalStates() throws Exception {
        CustomerAdded li = world.customer("李雷", false);
        CustomerAdded han = world.customer("韩梅梅", false);
        CustomerAdded gone = world.customer("路人甲", false);
        String text = "会员日：全场八折 " + System.nanoTime();
        // WeCom caps a customer at one mass message a day from now on; 韩梅梅 gets one before ours is confirmed
        world.control.knobs(world.corpId, Map.of("massReceiveCap", "1-per-day"));
        for (CustomerAdded customer : List.of(li, han, gone)) {
            asTenant(() ->
                    broker.request(SendRequest.toCustomer(key(customer, text), customer.id(), Content.text(text))));
        }
        Instant now = later();
        runner.drain(now.plusSeconds(1));
        runner.drain(now.plusSeconds(90));
        assertThat(send(key(li, text)).state())
                .as(() -> "batch rows: "
                        + world.db()
                                .queryForList(
                                        "select key, state, due_at, attempts, last_error from shared.due_work where tenant_id = ?"
                                                + " and kind = 'messaging.batch' order by id desc limit 6",
                                        world.tenant.value())
                        + " now "
                        + now)
                .isEqualTo(SendState.TASKED);
        String msgId = send(key(li, text)).wecomMsgId();
        assertThat(send(key(han, text)).wecomMsgId()).isEqualTo(msgId);
        world.cgi(
                "/cgi-bin/externalcontact/add_msg_template",
                Map.of(
                        "sender",
                        "zhangsan",
                        "external_userid",
                        List.of(han.externalUserId()),
                        "text",
                        Map.of("content", "早到的消息")));
        confirmLatest(han);
        world.call(
                "POST",
                "/sim/corps/" + world.corpId + "/customers/" + gone.externalUserId() + "/delete-staff",
                Map.of("userid", "zhangsan"));

        world.confirm("zhangsan", msgId);
        runner.drain(now.plus(Duration.ofMinutes(7)));

        assertThat(send(key(li, text)).state()).isEqualTo(SendState.SENT);
        assertThat(send(key(han, text))).satisfies(s -> {
            assertThat(s.state()).isEqualTo(SendState.SKIPPED);
            assertThat(s.reason()).isEqualTo(SendReasons.WECOM_RECEIVE_CAP);
        });
        assertThat(send(key(gone, text))).satisfies(s -> {
            assertThat(s.state()).isEqualTo(SendState.SKIPPED);
            assertThat(s.reason()).isEqualTo(SendReasons.NOT_A_FRIEND);
        });
        world.control.knobs(world.corpId, Map.of("massReceiveCap", "days-in-month"));
    }

    @Test
    void aStopWordOptsTheCustomerOutAndLaterSendsAreSkipped() throws Exception {
        CustomerAdded zhou = world.customer("周杰", false);
        var said = world.call(
                "POST",
                "/sim/corps/" + world.corpId + "/customers/" + zhou.externalUserId() + "/say",
                Map.of("to", "zhangsan", "content", "退订"));
        assertThat(said.statusCode()).as(said.body()).isBetween(200, 201);
        archive.pull(world.tenant);

        String key = key(zhou, "promo");
        asTenant(() -> broker.request(SendRequest.toCustomer(key, zhou.id(), Content.text("新品上市"))));
        runner.drain(later());

        assertThat(send(key)).satisfies(s -> {
            assertThat(s.state()).isEqualTo(SendState.SKIPPED);
            assertThat(s.reason()).isEqualTo(SendReasons.OPTED_OUT);
        });
    }

    @Test
    void quietHoursHoldASendUntilTheWindowOpensOrSkipItPastItsHoldLimit() throws Exception {
        CustomerAdded wu = world.customer("吴宁", false);
        Instant now = later();
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        LocalTime local = now.atZone(zone).toLocalTime().withSecond(0).withNano(0);
        policy(new MessagingPolicy(
                local.minusHours(1),
                local.plusHours(2),
                null,
                null,
                null,
                1,
                Duration.ofHours(24),
                Duration.ofHours(4)));
        try {
            String held = key(wu, "held");
            String expiring = key(wu, "expiring");
            asTenant(() -> broker.request(
                    SendRequest.toCustomer(held, wu.id(), Content.text("早安")).notBefore(now, null)));
            asTenant(() -> broker.request(SendRequest.toCustomer(expiring, wu.id(), Content.text("限时"))
                    .notBefore(now, Duration.ofMinutes(30))));

            runner.drain(now.plusSeconds(1));
            assertThat(send(held).state()).isEqualTo(SendState.HELD);
            assertThat(send(expiring)).satisfies(s -> {
                assertThat(s.state()).isEqualTo(SendState.SKIPPED);
                assertThat(s.reason()).isEqualTo(SendReasons.QUIET_HOURS_EXPIRED);
            });
            runner.drain(now.plus(Duration.ofMinutes(90)));
            assertThat(send(held).state()).isEqualTo(SendState.HELD);
            runner.drain(now.plus(Duration.ofHours(2)).plusSeconds(1));
            assertThat(send(held).state()).isIn(SendState.QUEUED, SendState.TASKED);
        } finally {
            policy(new MessagingPolicy(null, null, null, null, null, 1, Duration.ofHours(24), Duration.ofHours(4)));
        }
    }

    @Test
    void brandCapsAndTheQuotaKeepPlacesForHigherPriorities() throws Exception {
        CustomerAdded zheng = world.customer("郑爽", false);
        policy(new MessagingPolicy(null, null, null, 3, 2, 1, Duration.ofHours(24), Duration.ofHours(4)));
        try {
            Instant now = later();
            String first = key(zheng, "n1");
            String low = key(zheng, "low");
            String second = key(zheng, "n2");
            String high = key(zheng, "h1");
            String capped = key(zheng, "h2");
            asTenant(() -> broker.request(SendRequest.toCustomer(first, zheng.id(), Content.text("一"))));
            runner.drain(now.plusSeconds(1));
            asTenant(() -> broker.request(
                    SendRequest.toCustomer(low, zheng.id(), Content.text("低")).withPriority(Priority.LOW)));
            asTenant(() -> broker.request(SendRequest.toCustomer(second, zheng.id(), Content.text("二"))));
            asTenant(() -> broker.request(
                    SendRequest.toCustomer(high, zheng.id(), Content.text("高")).withPriority(Priority.HIGH)));
            runner.drain(now.plusSeconds(2));
            asTenant(() -> broker.request(SendRequest.toCustomer(capped, zheng.id(), Content.text("再高"))
                    .withPriority(Priority.HIGH)));
            runner.drain(now.plusSeconds(3));

            assertThat(send(first).state()).isIn(SendState.QUEUED, SendState.TASKED);
            assertThat(send(low).reason()).isEqualTo(SendReasons.QUOTA);
            assertThat(send(second).reason()).isEqualTo(SendReasons.QUOTA);
            assertThat(send(high).state()).isIn(SendState.QUEUED, SendState.TASKED);
            assertThat(send(capped).reason()).isEqualTo(SendReasons.QUOTA);
        } finally {
            policy(new MessagingPolicy(null, null, null, null, null, 1, Duration.ofHours(24), Duration.ofHours(4)));
        }
    }

    @Test
    void anUnconfirmedTaskIsRemindedThenReassignedOrFailedAtItsDeadline() throws Exception {
        CustomerAdded both = world.customer("两位导购的客户", true);
        CustomerAdded one = world.customer("一位导购的客户", false);
        String text = "周末活动 " + System.nanoTime();
        asTenant(() -> broker.request(SendRequest.toCustomer(key(both, text), both.id(), Content.text(text))
                .from("zhangsan")));
        asTenant(() -> broker.request(SendRequest.toCustomer(key(one, text), one.id(), Content.text(text))));
        Instant now = later();
        runner.drain(now.plusSeconds(1));
        runner.drain(now.plusSeconds(90));
        assertThat(send(key(both, text)).staffUserId()).isEqualTo("zhangsan");
        int reminders = world.apiCalls("/cgi-bin/externalcontact/remind_groupmsg_send");

        for (int hour = 1; hour <= 23; hour++) {
            runner.drain(now.plus(Duration.ofHours(hour)).plusSeconds(40));
        }
        assertThat(world.apiCalls("/cgi-bin/externalcontact/remind_groupmsg_send") - reminders)
                .isEqualTo(3);
        runner.drain(now.plus(Duration.ofHours(24)).plusSeconds(120));
        runner.drain(now.plus(Duration.ofHours(24)).plusSeconds(240));

        assertThat(send(key(one, text))).satisfies(s -> {
            assertThat(s.state()).isEqualTo(SendState.FAILED);
            assertThat(s.reason()).isEqualTo(SendReasons.UNCONFIRMED);
        });
        SendView reassigned = send(key(both, text));
        assertThat(reassigned.state()).isEqualTo(SendState.TASKED);
        assertThat(reassigned.staffUserId()).isEqualTo("lisi");
    }

    @Test
    void staffNotificationsKeepWithinThirtyAMinutePerMemberAndWaitRatherThanDrop() throws Exception {
        String batch = "notice-" + System.nanoTime();
        for (int i = 0; i < 35; i++) {
            int n = i;
            asTenant(() -> notifications.notify(batch + "/" + n, "lisi", "待确认群发任务 " + batch + "/" + n));
        }
        asTenant(() -> notifications.notify(batch + "/0", "lisi", "重复"));
        Instant now = later();

        runner.drain(now);
        assertThat(appMessages("lisi", batch)).isEqualTo(30);
        assertThat(asTenant(() -> notifications.find(batch + "/34"))
                        .orElseThrow()
                        .state())
                .isEqualTo("waiting");
        world.call("POST", "/sim/clock", Map.of("advanceSeconds", 62));
        runner.drain(now.plusSeconds(62));

        assertThat(appMessages("lisi", batch)).isEqualTo(35);
        assertThat(world.apiErrors("/cgi-bin/message/send", 45009)).isZero();
    }

    private long appMessages(String staff, String batch) throws Exception {
        return BrokerWorld.json(world.call("GET", "/sim/corps/" + world.corpId + "/deliveries", null))
                .valueStream()
                .filter(d -> d.path("kind").asString().equals("app_msg"))
                .filter(d -> d.path("userId").asString().equals(staff))
                .filter(d -> d.path("text").asString().startsWith("待确认群发任务 " + batch + "/"))
                .count();
    }

    @Test
    void aNoticeWhoseAnswerWasLostIsRetriedButReceivedOnce() throws Exception {
        String batch = "lost-" + System.nanoTime();
        for (int i = 0; i < 20; i++) {
            int n = i;
            asTenant(() -> notifications.notify(batch + "/" + n, "zhangsan", "待确认群发任务 " + batch + "/" + n));
        }
        int callsBefore = world.apiCalls("/cgi-bin/message/send");
        world.call("POST", "/sim/corps/" + world.corpId + "/knobs", Map.of("lostAnswers", 0.5));
        try {
            runner.drain(later());
        } finally {
            world.call("POST", "/sim/corps/" + world.corpId + "/knobs", Map.of("lostAnswers", 0.0));
        }

        var texts = BrokerWorld.json(world.call("GET", "/sim/corps/" + world.corpId + "/deliveries", null))
                .valueStream()
                .filter(d -> d.path("kind").asString().equals("app_msg"))
                .map(d -> d.path("text").asString())
                .filter(text -> text.startsWith("待确认群发任务 " + batch + "/"))
                .toList();
        assertThat(texts).hasSize(20).doesNotHaveDuplicates();
        assertThat(world.apiCalls("/cgi-bin/message/send") - callsBefore)
                .as("answers were lost, so some notices went to WeCom more than once")
                .isGreaterThan(20);
        for (int i = 0; i < 20; i++) {
            String key = batch + "/" + i;
            assertThat(asTenant(() -> notifications.find(key)).orElseThrow().state())
                    .isEqualTo("sent");
        }
    }

    private void confirmLatest(CustomerAdded customer) throws Exception {
        var list = world.cgi(
                "/cgi-bin/externalcontact/get_groupmsg_list_v2",
                Map.of(
                        "chat_type",
                        "single",
                        "start_time",
                        Instant.now().getEpochSecond() - 3600,
                        "end_time",
                        Instant.now().getEpochSecond() + 3600,
                        "creator",
                        "zhangsan",
                        "filter_type",
                        2));
        String latest = list.path("group_msg_list")
                .valueStream()
                .filter(m -> m.path("text").path("content").asString().equals("早到的消息"))
                .map(m -> m.path("msgid").asString())
                .reduce((a, b) -> b)
                .orElseThrow();
        world.confirm("zhangsan", latest);
        assertThat(world.deliveries(customer.externalUserId(), "mass")).hasSize(1);
    }

    /** A moment past everything drained so far (and past the real clock, which stamps requests). */
    private Instant later() {
        Instant real = Instant.now();
        clock = (clock.isAfter(real) ? clock : real).plus(Duration.ofDays(2));
        return clock;
    }

    private static String key(CustomerAdded customer, String what) {
        return SendKey.of(
                "test", Integer.toHexString(what.hashCode()), customer.id().value(), "1");
    }

    private SendView send(String key) {
        return asTenant(() -> broker.find(key)).orElseThrow();
    }

    private void policy(MessagingPolicy policy) {
        CallContext.forTenant(world.tenant, "test")
                .run(() -> transactions.executeWithoutResult(status -> policies.store(world.tenant, policy)));
    }

    private <T> T asTenant(Supplier<T> work) {
        return CallContext.forTenant(world.tenant, "test").call(() -> transactions.execute(status -> work.get()));
    }
}
