package io.moat.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.audiences.ActivityPreview;
import io.moat.shared.schedule.DueWorkRunner;
import io.moat.tags.TagFixtures;
import io.moat.wecom.CustomerAdded;
import io.moat.wecom.MembersJoined;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Journeys run from real events through durable due work: WeCom adds through a channel enrol customers, waits fall
 * due as the runner is driven to later moments, an awaited group join wakes an enrolment early, the timeout takes
 * the others, redelivered events enrol nobody twice, pausing holds enrolments and resuming releases them, and
 * running enrolments finish on the version they started while new ones take the next.
 */
@MoatTest
class JourneyRunTests {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    DueWorkRunner runner;

    TagFixtures shop;
    Api api;
    String admin;
    JdbcTemplate db;

    static final String CARE_JOURNEY = """
            {"trigger":{"type":"customerAdded","channels":["pkg"]},"entry":{"type":"once"},
             "steps":[{"id":"hello","type":"createTask","kind":"call","title":"问候新客户","dueHours":24},
                      {"id":"day1","type":"wait","days":1},
                      {"id":"join","type":"waitForEvent","event":"joinedGroup","days":2,
                       "onEvent":[{"id":"joined","type":"createTask","kind":"care","title":"欢迎入群","dueHours":24}],
                       "onTimeout":[]}]}
            """;

    static JsonNode json(String text) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(text);
    }

    @BeforeEach
    void workspace() {
        shop = new TagFixtures(port, owner, events, transactions);
        api = shop.api;
        admin = shop.admin;
        db = new JdbcTemplate(owner);
    }

    long published(String name, String definition) {
        var created = api.post(shop.path("/journeys"), admin, Map.of("name", name, "definition", json(definition)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.body().path("id").asLong();
        var published = api.post(shop.path("/journeys/" + id + "/publish"), admin, Map.of());
        assertThat(published.status()).as(published.toString()).isEqualTo(200);
        assertThat(published.text("status")).isEqualTo("active");
        return id;
    }

    JsonNode step(long journey, String stepId) {
        JsonNode funnel =
                api.get(shop.path("/journeys/" + journey + "/funnel"), admin).body();
        for (JsonNode step : funnel.path("steps")) {
            if (step.path("stepId").asString().equals(stepId)) {
                return step;
            }
        }
        throw new AssertionError("no step " + stepId + " in " + funnel);
    }

    /** docs/metrics.md: every step's entered = passed + exited + converted + waiting, at every moment. */
    void balanced(long journey) {
        JsonNode funnel =
                api.get(shop.path("/journeys/" + journey + "/funnel"), admin).body();
        for (JsonNode step : funnel.path("steps")) {
            assertThat(step.path("entered").asLong())
                    .as(step.toString())
                    .isEqualTo(step.path("passed").asLong()
                            + step.path("exited").asLong()
                            + step.path("converted").asLong()
                            + step.path("waiting").asLong());
        }
    }

    long tasks(String title) {
        return db.queryForObject(
                "select count(*) from tasks.task where tenant_id = ? and title = ?",
                Long.class,
                shop.tenant.value(),
                title);
    }

    @Test
    void addsThroughTheChannelEnrolWaitsFallDueAndAnAwaitedJoinWakesEarly() {
        long journey = published("新客关怀", CARE_JOURNEY);
        long ann = shop.added("wm-ann-" + journey, "zhangsan", "pkg");
        shop.added("wm-bob-" + journey, "zhangsan", "pkg");
        shop.added("wm-cy-" + journey, "zhangsan", "elsewhere");
        // the adds happened just before t0 (their waits count from then); WeCom delivers Ann's add twice
        Instant t0 = Instant.now();
        shop.publish(new CustomerAdded(shop.tenant, "wm-ann-" + journey, "zhangsan", "pkg", null, t0));

        runner.drain(t0.plusSeconds(5));
        assertThat(tasks("问候新客户")).isEqualTo(2);
        assertThat(step(journey, "hello").path("passed").asLong()).isEqualTo(2);
        assertThat(step(journey, "day1").path("waiting").asLong()).isEqualTo(2);

        balanced(journey);
        runner.drain(t0.plus(Duration.ofHours(23)));
        assertThat(step(journey, "day1").path("waiting").asLong())
                .as("a day has not passed")
                .isEqualTo(2);
        runner.drain(t0.plus(Duration.ofDays(1)).plusSeconds(5));
        assertThat(step(journey, "join").path("waiting").asLong()).isEqualTo(2);

        shop.publish(
                new MembersJoined(shop.tenant, "wr-vip", List.of("wm-ann-" + journey), 3, t0.plus(Duration.ofDays(2))));
        assertThat(tasks("欢迎入群")).isEqualTo(1);
        runner.drain(t0.plus(Duration.ofDays(4)));

        balanced(journey);
        JsonNode join = step(journey, "join");
        assertThat(join.path("entered").asLong()).isEqualTo(2);
        assertThat(join.path("passed").asLong()).isEqualTo(2);
        assertThat(join.path("waiting").asLong()).isZero();
        assertThat(step(journey, "joined").path("entered").asLong()).isEqualTo(1);
        assertThat(tasks("欢迎入群")).as("Bob's timeout led nowhere").isEqualTo(1);
        JsonNode funnel =
                api.get(shop.path("/journeys/" + journey + "/funnel"), admin).body();
        assertThat(funnel.path("enrolments").path("completed").asLong()).isEqualTo(2);
        assertThat(db.queryForObject(
                        "select count(*) from journeys.enrolment where tenant_id = ? and customer_id = ?",
                        Long.class,
                        shop.tenant.value(),
                        ann))
                .isEqualTo(1);

        var log = api.get(shop.path("/journeys/" + journey + "/actions"), admin);
        assertThat(log.body()).hasSize(3);
        assertThat(log.body().get(0).path("idempotencyKey").asString())
                .startsWith("journey/" + shop.tenant.value() + "/" + journey + "/");
        assertThat(log.body().get(0).path("outcome").asString()).isEqualTo("created");
    }

    /** Two workers drain 120 enrolments' waits at once: every step runs exactly once (its counters would show twice). */
    @Test
    void twoWorkersDrainingTheSameWaitsRunEveryStepOnce() throws Exception {
        long journey = published("并发", """
                {"trigger":{"type":"customerAdded","channels":["twice"]},
                 "steps":[{"id":"w","type":"wait","hours":1},{"id":"t","type":"createTask","kind":"call","title":"并发任务","dueHours":5},
                          {"id":"w2","type":"wait","hours":1},{"id":"t2","type":"createTask","kind":"care","title":"并发任务二","dueHours":5}]}
                """);
        for (int i = 0; i < 120; i++) {
            shop.added("wm-twice-" + journey + "-" + i, "lisi", "twice");
        }
        Instant t0 = Instant.now();
        runner.drain(t0);
        assertThat(step(journey, "w").path("waiting").asLong()).isEqualTo(120);

        var pool = Executors.newFixedThreadPool(2);
        List<Callable<Integer>> workers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            workers.add(() -> runner.drain(t0.plus(Duration.ofHours(3))));
        }
        int claimed = 0;
        for (Future<Integer> done : pool.invokeAll(workers)) {
            claimed += done.get();
        }
        pool.shutdown();
        runner.drain(t0.plus(Duration.ofHours(3)));
        assertThat(claimed).isGreaterThanOrEqualTo(240);
        for (String id : List.of("w", "t", "w2", "t2")) {
            JsonNode step = step(journey, id);
            assertThat(step.path("entered").asLong()).as(id).isEqualTo(120);
            assertThat(step.path("passed").asLong()).as(id).isEqualTo(120);
        }
        assertThat(tasks("并发任务")).isEqualTo(120);
        assertThat(tasks("并发任务二")).isEqualTo(120);
    }

    @Test
    void pausingHoldsEnrolmentsResumingReleasesThemAndRunningOnesFinishOnTheirVersion() {
        long journey = published("版本", """
                {"trigger":{"type":"customerAdded","channels":["ver"]},
                 "steps":[{"id":"w","type":"wait","days":1},{"id":"v1","type":"createTask","kind":"call","title":"第一版","dueHours":5}]}
                """);
        Instant t0 = Instant.now();
        shop.added("wm-v1-" + journey, "wangwu", "ver");
        runner.drain(Instant.now());

        var saved = api.call(
                HttpMethod.PUT,
                shop.path("/journeys/" + journey),
                admin,
                Map.of("name", "版本", "definition", json("""
                {"trigger":{"type":"customerAdded","channels":["ver"]},
                 "steps":[{"id":"w","type":"wait","days":1},{"id":"v2","type":"createTask","kind":"call","title":"第二版","dueHours":5}]}
                """)));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(api.post(shop.path("/journeys/" + journey + "/publish"), admin, Map.of())
                        .body()
                        .path("latestVersion")
                        .asInt())
                .isEqualTo(2);
        shop.added("wm-v2-" + journey, "wangwu", "ver");
        runner.drain(Instant.now());

        assertThat(api.post(shop.path("/journeys/" + journey + "/pause"), admin, Map.of())
                        .text("status"))
                .isEqualTo("paused");
        shop.added("wm-v3-" + journey, "wangwu", "ver");
        runner.drain(t0.plus(Duration.ofDays(2)));
        assertThat(tasks("第一版") + tasks("第二版")).as("paused: held, nothing runs").isZero();
        assertThat(db.queryForObject(
                        "select count(*) from journeys.enrolment where tenant_id = ? and state = 'held'",
                        Long.class,
                        shop.tenant.value()))
                .isEqualTo(2);

        assertThat(api.post(shop.path("/journeys/" + journey + "/resume"), admin, Map.of())
                        .text("status"))
                .isEqualTo("active");
        // held enrolments are due again at their own due time (a day after they entered), which the runner passes
        runner.drain(t0.plus(Duration.ofDays(2)));
        assertThat(tasks("第一版")).as("the first customer finishes on version 1").isEqualTo(1);
        assertThat(tasks("第二版"))
                .as("the second on version 2; the third was added while paused")
                .isEqualTo(1);
    }

    @Test
    void definitionsAreCheckedWithTheFieldAtFaultAndUnresolvableTriggersAreNotPublished() {
        var bad = api.post(shop.path("/journeys/check"), admin, Map.of("definition", json("""
                {"trigger":{"type":"manual"},"steps":[{"id":"s","type":"split","arms":[{"name":"A","percent":70},{"name":"B","percent":20}]}]}
                """)));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text("type")).isEqualTo("urn:moat:problem:invalid-journey");
        assertThat(bad.body().toString()).contains("steps[0].arms");

        var badCondition = api.post(shop.path("/journeys/check"), admin, Map.of("definition", json("""
                {"trigger":{"type":"manual"},"steps":[{"id":"b","type":"branch","condition":{"v":1,"lastOrder":{"withinDays":-3}}}]}
                """)));
        assertThat(badCondition.status()).isEqualTo(400);
        assertThat(badCondition.body().toString()).contains("steps[0].condition");

        var good = api.post(shop.path("/journeys/check"), admin, Map.of("definition", json(CARE_JOURNEY)));
        assertThat(good.status()).as(good.toString()).isEqualTo(200);
        assertThat(good.body().path("steps").asInt()).isEqualTo(4);
        assertThat(good.body().path("estimate").path("basis").asString()).isEqualTo("addedLast30Days");

        var dated = api.post(shop.path("/journeys"), admin, Map.of("name", "打标签后", "definition", json("""
                {"trigger":{"type":"date","field":"no_such_field","offsetDays":-3,"yearly":true},"steps":[{"id":"a","type":"exit"}]}
                """)));
        assertThat(dated.status()).as(dated.toString()).isEqualTo(201);
        var refused =
                api.post(shop.path("/journeys/" + dated.body().path("id").asLong() + "/publish"), admin, Map.of());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("type")).isEqualTo("urn:moat:problem:unknown-field");
        assertThat(refused.body().toString()).contains("trigger.field");

        var templates = api.get(shop.path("/journeys/templates"), admin);
        assertThat(templates.body()).hasSize(5);
        var twice = api.post(shop.path("/journeys"), admin, Map.of("name", "打标签后", "template", "new-fan"));
        assertThat(twice.status()).isEqualTo(409);
    }

    @Test
    void aDailySweepOffersDormantBuyersToTheDormantTemplate() {
        Instant now = Instant.now();
        long sleeper = shop.added("wm-sleep-" + now.toEpochMilli(), "zhaoliu", null);
        shop.refreshed("wm-sleep-" + now.toEpochMilli(), "un-sleep-" + now.toEpochMilli());
        shop.ordered(
                now.toEpochMilli() % 1_000_000_000L,
                new io.moat.commerce.BuyerIdentity(null, null, "un-sleep-" + now.toEpochMilli(), null, null),
                9900,
                0,
                now.minus(Duration.ofDays(40)));
        long recent = shop.added("wm-recent-" + now.toEpochMilli(), "zhaoliu", null);
        shop.refreshed("wm-recent-" + now.toEpochMilli(), "un-recent-" + now.toEpochMilli());
        shop.ordered(
                now.toEpochMilli() % 1_000_000_000L + 1,
                new io.moat.commerce.BuyerIdentity(null, null, "un-recent-" + now.toEpochMilli(), null, null),
                9900,
                0,
                now.minus(Duration.ofDays(5)));
        var template =
                json(api.get(shop.path("/journeys/templates"), admin).body().toString());
        JsonNode dormant = null;
        for (JsonNode t : template) {
            if (t.path("key").asString().equals("dormant-30")) {
                dormant = t.path("definition");
            }
        }
        JsonNode definition = dormant;
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> api.post(shop.path("/journeys/check"), admin, Map.of("definition", definition))
                                .body()
                                .path("estimate")
                                .path("count")
                                .asLong()
                        == 1);

        long journey = published("沉睡唤醒", definition.toString());
        runner.drain(now.plusSeconds(60));
        assertThat(db.queryForList(
                        "select customer_id from journeys.enrolment where tenant_id = ? and journey_id = ?",
                        Long.class,
                        shop.tenant.value(),
                        journey))
                .containsExactly(sleeper)
                .doesNotContain(recent);
        assertThat(step(journey, "weekend").path("waiting").asLong()).isEqualTo(1);
        // the next day's sweep offers the sleeper again; once per 30 days keeps them from entering twice
        runner.drain(now.plus(Duration.ofDays(1)).plusSeconds(60));
        assertThat(db.queryForObject(
                        "select count(*) from journeys.enrolment where tenant_id = ? and journey_id = ?",
                        Long.class,
                        shop.tenant.value(),
                        journey))
                .isEqualTo(1);
    }

    /** A message step asks the send broker once, keyed by journey, step, customer and occurrence, from its moment. */
    @Test
    void aMessageStepAsksTheSendBrokerOnceWithItsDeterministicKey() {
        long journey = published("手动消息", """
                {"trigger":{"type":"manual"},"steps":[{"id":"hello","type":"sendMessage","text":"您好，欢迎回来"}]}
                """);
        long customer = shop.added("wm-send-" + journey, "zhangsan", null);
        var enrolled = api.post(
                shop.path("/journeys/" + journey + "/enrolments"), admin, Map.of("customerIds", List.of(customer)));
        assertThat(enrolled.body().path("queued").asInt())
                .as(enrolled.toString())
                .isEqualTo(1);
        runner.drain(Instant.now());
        runner.drain(Instant.now());

        assertThat(ActivityPreview.whoDid(api, admin, shop.slug, "campaign-joined", "journey:" + journey))
                .as("the enrolment is an act audiences select on")
                .containsExactly(customer);

        String key = "journey/" + journey + "/step/hello/customer/" + customer + "/1";
        assertThat(db.queryForList(
                        "select journey_id || '/' || step_id from messaging.send where tenant_id = ? and send_key = ?",
                        String.class,
                        shop.tenant.value(),
                        key))
                .containsExactly(journey + "/hello");
        var log = api.get(shop.path("/journeys/" + journey + "/actions"), admin).body();
        assertThat(log).hasSize(1);
        assertThat(log.get(0).path("idempotencyKey").asString()).isEqualTo(key);
        assertThat(log.get(0).path("outcome").asString()).isEqualTo("requested");
    }
}
