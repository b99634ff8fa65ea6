package io.moat.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.MoatTest;
import io.moat.SimulatorControl;
import io.moat.messaging.BrokerWorld;
import io.moat.messaging.internal.MessagingPolicy;
import io.moat.messaging.internal.Policies;
import io.moat.shared.context.CallContext;
import io.moat.shared.schedule.DueWorkRunner;
import io.moat.tags.TagFixtures;
import io.moat.wecomsim.SimSettings;
import io.moat.wecomsim.WecomSim;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tag and field steps, and the triggers that wait on tags, dates and order lines, against wecom-sim: a tag step
 * goes through the tags module, so WeCom's {@code mark_tag} is called for the customer's relation before the tag is
 * recorded; a field step sets a custom field; assigning or removing a watched tag enrols (a customer who held it
 * before the journey went live does not enter on some other change); a custom date field enrols N days before its
 * anniversary and N days after an exact date, in the workspace's zone; an order containing the SKU enrols, another
 * order does not.
 */
@MoatTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JourneyTagsFieldsAndTriggersTests {

    static final WecomSim SIM = WecomSim.start(new SimSettings(0, 20261126L, Instant.now(), true));
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

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
    TransactionTemplate transactions;

    BrokerWorld world;
    JdbcTemplate db;
    JsonNode group;

    @BeforeAll
    void world() throws Exception {
        world = new BrokerWorld(SIM, port, owner);
        db = new JdbcTemplate(owner);
        // no quiet hours: group sends go out whatever the time of day the suite runs at
        CallContext.forTenant(world.tenant, "test")
                .run(() -> transactions.executeWithoutResult(status -> policies.store(
                        world.tenant,
                        new MessagingPolicy(
                                null, null, null, null, null, 1, Duration.ofHours(24), Duration.ofHours(4)))));
        var created = world.api.post(
                path("/tags/groups"), world.admin, Map.of("name", "旅程标签", "tags", List.of("已关怀", "待唤醒", "会员", "流失")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        group = created.body();
        assertThat(group.path("wecom").asBoolean()).isTrue();
        for (var field : List.of(
                Map.of("key", "care_note", "label", "关怀备注", "type", "text"),
                Map.of("key", "birthday", "label", "生日", "type", "date"),
                Map.of("key", "expires_on", "label", "会员到期", "type", "date"))) {
            var defined = world.api.post(path("/customers/fields"), world.admin, field);
            assertThat(defined.status()).as(defined.toString()).isEqualTo(201);
        }
    }

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    @Test
    void tagStepsMarkTagsInWecomAndAFieldStepSetsTheField() throws Exception {
        var wang = world.customer("王关怀", false);
        long cared = TagFixtures.tagId(group, "已关怀");
        long waking = TagFixtures.tagId(group, "待唤醒");
        tag(wang.id().value(), List.of(waking), List.of());
        long journey = published("关怀打标", """
                {"trigger":{"type":"manual"},"steps":[
                  {"id":"tag","type":"addTags","tagIds":[%d]},
                  {"id":"untag","type":"removeTags","tagIds":[%d]},
                  {"id":"note","type":"updateField","field":"care_note","value":"旅程已关怀"}]}
                """.formatted(cared, waking));
        int marks = world.control
                .call("GET", "/sim/corps/" + world.corpId + "/api-calls?path=/cgi-bin/externalcontact/mark_tag", null)
                .body()
                .length();
        var enrolled = world.api.post(
                path("/journeys/" + journey + "/enrolments"),
                world.admin,
                Map.of("customerIds", List.of(wang.id().value())));
        assertThat(enrolled.status()).as(enrolled.toString()).isEqualTo(200);
        runner.drain(Instant.now().plusSeconds(5));

        // WeCom holds the tags as the steps left them (its own record), and the profile agrees
        JsonNode contact = cgi("/cgi-bin/externalcontact/get?external_userid=" + wang.externalUserId(), null);
        List<String> wecomTags = contact.path("follow_user")
                .get(0)
                .path("tags")
                .valueStream()
                .map(t -> t.path("tag_name").asString())
                .toList();
        assertThat(wecomTags).contains("已关怀").doesNotContain("待唤醒");
        String calls = world.control
                .call("GET", "/sim/corps/" + world.corpId + "/api-calls?path=/cgi-bin/externalcontact/mark_tag", null)
                .body();
        assertThat(calls.length()).isGreaterThan(marks);
        var tags = world.api.get(path("/customers/" + wang.id().value() + "/tags"), world.admin);
        assertThat(tags.body().path("tags").valueStream().map(t -> t.path("name")
                        .asString()))
                .contains("已关怀")
                .doesNotContain("待唤醒");
        var fields = world.api.get(path("/customers/" + wang.id().value() + "/fields"), world.admin);
        assertThat(fields.body()
                        .valueStream()
                        .filter(f -> f.path("key").asString().equals("care_note"))
                        .map(f -> f.path("value").asString()))
                .containsExactly("旅程已关怀");
        var actions = world.api.get(path("/journeys/" + journey + "/actions"), world.admin);
        assertThat(actions.body()
                        .valueStream()
                        .map(a -> a.path("stepId").asString() + "="
                                + a.path("outcome").asString()))
                .containsExactlyInAnyOrder("tag=ok", "untag=ok", "note=ok");
    }

    @Test
    void assigningAndRemovingAWatchedTagEnrolsButATagHeldBeforeDoesNot() throws Exception {
        long member = TagFixtures.tagId(group, "会员");
        long lost = TagFixtures.tagId(group, "流失");
        var before = world.customer("早就是会员", false);
        tag(before.id().value(), List.of(member), List.of());
        awaitIndexed(member, 1);
        long onAssign = published("成为会员", """
                {"trigger":{"type":"tagAssigned","tagId":%d},"entry":{"type":"everyTime"},
                 "steps":[{"id":"hi","type":"updateField","field":"care_note","value":"新会员"}]}
                """.formatted(member));
        long onRemove = published("不再会员", """
                {"trigger":{"type":"tagRemoved","tagId":%d},"steps":[{"id":"bye","type":"exit"}]}
                """.formatted(member));
        var fresh = world.customer("新会员", false);

        tag(before.id().value(), List.of(lost), List.of()); // some other change for the earlier member
        tag(fresh.id().value(), List.of(member), List.of());
        awaitTriggers(onAssign, 1);
        tag(fresh.id().value(), List.of(), List.of(member));
        awaitTriggers(onRemove, 1);
        runner.drain(Instant.now().plusSeconds(5));

        assertThat(enrolled(onAssign)).containsExactly(fresh.id().value());
        assertThat(enrolled(onRemove)).containsExactly(fresh.id().value());
        // assigned again: everyTime enrols anew
        tag(fresh.id().value(), List.of(member), List.of());
        awaitTriggers(onAssign, 2);
        runner.drain(Instant.now().plusSeconds(5));
        assertThat(enrolled(onAssign))
                .containsExactly(fresh.id().value(), fresh.id().value());
    }

    @Test
    void aDateFieldEnrolsDaysBeforeItsAnniversaryOrDaysAfterAnExactDate() throws Exception {
        LocalDate today = Instant.now().atZone(ZONE).toLocalDate();
        var soon = world.customer("三天后生日", false);
        var later = world.customer("四天后生日", false);
        var expired = world.customer("昨天到期", false);
        setField(soon.id().value(), "birthday", today.plusDays(3).minusYears(30).toString());
        setField(
                later.id().value(), "birthday", today.plusDays(4).minusYears(30).toString());
        setField(expired.id().value(), "expires_on", today.minusDays(1).toString());
        setField(
                later.id().value(),
                "expires_on",
                today.minusDays(1).minusYears(1).toString());

        var notADate = world.api.post(path("/journeys"), world.admin, Map.of("name", "备注日期", "definition", json("""
                {"trigger":{"type":"date","field":"care_note","offsetDays":-3,"yearly":true},"steps":[{"id":"x","type":"exit"}]}
                """)));
        var refused = world.api.post(
                path("/journeys/" + notADate.body().path("id").asLong() + "/publish"), world.admin, Map.of());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.body().toString()).contains("trigger.field").contains("not a date field");

        long birthday = published("生日前三天", """
                {"trigger":{"type":"date","field":"birthday","offsetDays":-3,"yearly":true,"time":"00:00"},
                 "steps":[{"id":"gift","type":"exit"}]}
                """);
        long renewal = published("到期次日", """
                {"trigger":{"type":"date","field":"expires_on","offsetDays":1,"yearly":false,"time":"00:00"},
                 "steps":[{"id":"renew","type":"exit"}]}
                """);
        Instant now = Instant.now().plusSeconds(5);
        runner.drain(now);
        runner.drain(now.plusSeconds(5));

        assertThat(enrolled(birthday)).containsExactly(soon.id().value());
        assertThat(enrolled(renewal)).containsExactly(expired.id().value());
        // the next local day's sweep: 四天后生日 is now three days away; nobody enters twice
        Instant tomorrow = today.plusDays(1).atStartOfDay(ZONE).toInstant().plusSeconds(1);
        runner.drain(tomorrow);
        runner.drain(tomorrow.plusSeconds(5));
        assertThat(enrolled(birthday))
                .containsExactlyInAnyOrder(soon.id().value(), later.id().value());
        assertThat(enrolled(renewal)).containsExactly(expired.id().value());
    }

    @Test
    void anOrderContainingTheSkuEnrolsAndAnotherOrderDoesNot() throws Exception {
        long journey = published("买口红后", """
                {"trigger":{"type":"orderPaid","skus":["LIP-01"],"categories":[]},"entry":{"type":"everyTime"},
                 "steps":[{"id":"thanks","type":"exit"}]}
                """);
        String union = "un-lip-" + System.nanoTime();
        long lips = scanWithUnionid("买口红的人", union);
        Instant now = Instant.now();
        order("L1-" + union, union, "EYE-09", now.minus(Duration.ofHours(3)));
        awaitPurchases(lips, 1);
        order("L2-" + union, union, "LIP-01", now.minus(Duration.ofHours(2)));
        awaitTriggers(journey, 1);
        order("L3-" + union, union, "EYE-09", now.minus(Duration.ofHours(1)));
        awaitPurchases(lips, 3);
        Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .until(() -> db.queryForObject(
                        "select last_order_at >= ? from customers.customer_value where tenant_id = ?"
                                + " and customer_id = ?",
                        Boolean.class,
                        java.sql.Timestamp.from(now.minus(Duration.ofHours(1)).minusSeconds(1)),
                        world.tenant.value(),
                        lips));
        runner.drain(Instant.now().plusSeconds(5));
        assertThat(triggers(journey)).isEqualTo(1);
        assertThat(enrolled(journey)).containsExactly(lips);
    }

    @Test
    void aGroupStepSendsOnceADayToTheGroupThroughItsOwnersTask() throws Exception {
        var first = world.customer("群成员甲", false);
        var second = world.customer("群成员乙", false);
        var group = world.call(
                "POST",
                "/sim/corps/" + world.corpId + "/groups",
                Map.of(
                        "owner",
                        "zhangsan",
                        "name",
                        "新客福利群",
                        "memberExternalUserIds",
                        List.of(first.externalUserId(), second.externalUserId()),
                        "memberUserIds",
                        List.of()));
        assertThat(group.statusCode()).as(group.body()).isEqualTo(201);
        String chatId = SimulatorControl.json(group).path("chatId").asString();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> db.queryForObject(
                                "select count(*) from wecom.group_chat where tenant_id = ? and chat_id = ?",
                                Long.class,
                                world.tenant.value(),
                                chatId)
                        == 1);
        world.control.knobs(
                world.corpId, Map.of("staffConfirmProbability", 1.0, "staffConfirmDelaySeconds", List.of(0, 0)));
        long journey = published("群发欢迎", """
                {"trigger":{"type":"manual"},"entry":{"type":"everyTime"},
                 "steps":[{"id":"group","type":"sendToGroup","chatIds":["%s","wr-gone"],"text":"欢迎新朋友，今晚八点群内抽奖"}]}
                """.formatted(chatId));
        var enrolled = world.api.post(
                path("/journeys/" + journey + "/enrolments"),
                world.admin,
                Map.of("customerIds", List.of(first.id().value(), second.id().value())));
        assertThat(enrolled.status()).as(enrolled.toString()).isEqualTo(200);
        Instant now = Instant.now();
        runner.drain(now.plusSeconds(5));
        runner.drain(now.plusSeconds(90));
        runner.drain(now.plus(Duration.ofMinutes(7)));

        List<JsonNode> delivered = SimulatorControl.json(
                        world.call("GET", "/sim/corps/" + world.corpId + "/deliveries?chatId=" + chatId, null))
                .valueStream()
                .filter(d -> d.path("kind").asString().equals("mass"))
                .toList();
        assertThat(delivered).singleElement().satisfies(d -> {
            assertThat(d.path("text").asString()).isEqualTo("欢迎新朋友，今晚八点群内抽奖");
            assertThat(d.path("userId").asString()).isEqualTo("zhangsan");
        });
        var sends = world.api.get(path("/sends?journeyId=" + journey), world.admin);
        assertThat(sends.body().path("sends").valueStream().map(x -> x.path("state")
                        .asString()))
                .containsExactly("SENT");
        var actions = world.api.get(path("/journeys/" + journey + "/actions"), world.admin);
        assertThat(actions.body().valueStream().map(a -> a.path("detail").asString()))
                .hasSize(2)
                .allMatch(d -> d.contains("wr-gone: skipped"));
    }

    private long scanWithUnionid(String name, String unionid) throws Exception {
        JsonNode way = cgi(
                "/cgi-bin/externalcontact/add_contact_way",
                Map.of("type", 1, "scene", 2, "user", List.of("lisi"), "state", "lip"));
        var scan = world.call(
                "POST",
                "/sim/corps/" + world.corpId + "/scan",
                Map.of(
                        "configId",
                        way.path("config_id").asString(),
                        "customer",
                        Map.of("name", name, "unionid", unionid)));
        assertThat(scan.statusCode()).as(scan.body()).isBetween(200, 201);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !db.queryForList(
                        "select customer_id from customers.identity where tenant_id = ? and kind = 'unionid'"
                                + " and value = ?",
                        Long.class,
                        world.tenant.value(),
                        unionid)
                .isEmpty());
        return db.queryForObject(
                "select customer_id from customers.identity where tenant_id = ? and kind = 'unionid' and value = ?",
                Long.class,
                world.tenant.value(),
                unionid);
    }

    private void awaitPurchases(long customer, long count) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> db.queryForObject(
                                "select count(*) from customers.purchase where tenant_id = ? and customer_id = ?",
                                Long.class,
                                world.tenant.value(),
                                customer)
                        >= count);
    }

    private void order(String orderNo, String unionid, String sku, Instant paidAt) {
        var answer = world.api.post(
                path("/orders"),
                world.admin,
                Map.of(
                        "orders",
                        List.of(Map.of(
                                "platform",
                                "youzan",
                                "orderNo",
                                orderNo,
                                "status",
                                "paid",
                                "createdAt",
                                paidAt.atZone(ZONE)
                                        .toOffsetDateTime()
                                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                        .toString(),
                                "paidAt",
                                paidAt.atZone(ZONE)
                                        .toOffsetDateTime()
                                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                        .toString(),
                                "totalFen",
                                9900,
                                "paidFen",
                                9900,
                                "buyer",
                                Map.of("unionid", unionid),
                                "lines",
                                List.of(Map.of("sku", sku, "title", sku, "quantity", 1, "unitPriceFen", 9900))))));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    private long published(String name, String definition) {
        var created =
                world.api.post(path("/journeys"), world.admin, Map.of("name", name, "definition", json(definition)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.body().path("id").asLong();
        var published = world.api.post(path("/journeys/" + id + "/publish"), world.admin, Map.of());
        assertThat(published.status()).as(published.toString()).isEqualTo(200);
        return id;
    }

    private void tag(long customer, List<Long> add, List<Long> remove) {
        var answer = world.api.post(
                path("/customers/" + customer + "/tags"), world.admin, Map.of("add", add, "remove", remove));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.body().path("outcome").asString())
                .as(answer.toString())
                .isEqualTo("ok");
    }

    private void setField(long customer, String key, String value) {
        var answer = world.api.call(
                HttpMethod.PUT, path("/customers/" + customer + "/fields"), world.admin, Map.of(key, value));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    private void awaitIndexed(long tagId, long holders) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> world.api
                                .post(
                                        path("/journeys/check"),
                                        world.admin,
                                        Map.of(
                                                "definition",
                                                json("{\"trigger\":{\"type\":\"manual\"},\"steps\":[{\"id\":\"b\","
                                                        + "\"type\":\"branch\",\"condition\":{\"v\":1,\"tag\":{\"any\":["
                                                        + tagId + "]}}}]}")))
                                .status()
                        == 200);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> db.queryForObject(
                                "select count(*) from tags.tag_assignment where tenant_id = ? and tag_id = ?",
                                Long.class,
                                world.tenant.value(),
                                tagId)
                        >= holders);
    }

    private void awaitTriggers(long journey, long count) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> triggers(journey) >= count);
    }

    private long triggers(long journey) {
        return db.queryForObject(
                "select count(*) from shared.due_work where tenant_id = ? and kind = 'journeys.trigger' and key like ?",
                Long.class,
                world.tenant.value(),
                journey + ":%");
    }

    private List<Long> enrolled(long journey) {
        return db.queryForList(
                "select customer_id from journeys.enrolment where tenant_id = ? and journey_id = ? order by id",
                Long.class,
                world.tenant.value(),
                journey);
    }

    private JsonNode cgi(String path, Object body) throws Exception {
        String token = SimulatorControl.json(
                        world.call("GET", "/cgi-bin/gettoken?corpid=" + world.corpId + "&corpsecret=sim-secret", null))
                .path("access_token")
                .asString();
        String sep = path.contains("?") ? "&" : "?";
        return SimulatorControl.json(
                world.call(body == null ? "GET" : "POST", path + sep + "access_token=" + token, body));
    }

    private String path(String rest) {
        return "/api/v1/workspaces/" + world.slug + rest;
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
