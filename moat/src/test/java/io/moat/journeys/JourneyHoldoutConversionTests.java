package io.moat.journeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.commerce.BuyerIdentity;
import io.moat.journeys.run.SplitBucket;
import io.moat.shared.schedule.DueWorkRunner;
import io.moat.tags.TagFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/metrics.md, "Journey holdout conversion", against a hand-computed fixture: twenty customers enter a journey
 * whose split sends half to arm A and holds half out, with a 7-day attribution window. Each falls into a group by
 * the documented hash; then, by hand: two of arm A pay within the window, one paid an hour before the split (not a
 * conversion), one pays 8 days after it (outside the window); one of the holdout pays within the window, one after
 * it. So A converts 2 of its members and the holdout 1 of its own, and the funnel says exactly that.
 */
@MoatTest
class JourneyHoldoutConversionTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

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

    @Test
    void theFunnelShowsEachArmsAndTheHoldoutsConversionWithinTheAttributionWindow() {
        TagFixtures shop = new TagFixtures(port, owner, events, transactions);
        Api api = shop.api;
        JdbcTemplate db = new JdbcTemplate(owner);
        var created =
                api.post(shop.path("/journeys"), shop.admin, Map.of("name", "留出对照", "definition", JSON.readTree("""
                {"trigger":{"type":"manual"},"attributionDays":7,
                 "steps":[{"id":"ab","type":"split","holdoutPercent":50,
                           "arms":[{"name":"A","percent":50,"steps":[{"id":"a-wait","type":"wait","days":30}]}]}]}
                """)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long journey = created.body().path("id").asLong();
        assertThat(api.post(shop.path("/journeys/" + journey + "/publish"), shop.admin, Map.of())
                        .status())
                .isEqualTo(200);

        String run = Long.toString(System.nanoTime());
        List<Long> armA = new ArrayList<>();
        List<Long> holdout = new ArrayList<>();
        List<Long> everyone = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long customer = shop.added("wm-ab-" + run + "-" + i, "zhangsan", null);
            shop.refreshed("wm-ab-" + run + "-" + i, "un-ab-" + run + "-" + i);
            everyone.add(customer);
            int bucket = SplitBucket.of(shop.tenant.value(), journey, "ab", customer, 1);
            (bucket < 50 ? armA : holdout).add(customer);
        }
        assertThat(armA).as("the fixture needs four in arm A").hasSizeGreaterThanOrEqualTo(4);
        assertThat(holdout).as("and two held out").hasSizeGreaterThanOrEqualTo(2);

        var enrolled = api.post(
                shop.path("/journeys/" + journey + "/enrolments"), shop.admin, Map.of("customerIds", everyone));
        assertThat(enrolled.status()).as(enrolled.toString()).isEqualTo(200);
        Instant t0 = Instant.now();
        runner.drain(t0.plusSeconds(5));
        Instant split = db.queryForObject(
                        "select min(entered_at) from journeys.enrolment where tenant_id = ? and journey_id = ?",
                        java.sql.Timestamp.class,
                        shop.tenant.value(),
                        journey)
                .toInstant();

        order(shop, everyone.indexOf(armA.get(0)), run, split.plus(Duration.ofHours(1)));
        order(shop, everyone.indexOf(armA.get(1)), run, split.plus(Duration.ofDays(6)));
        order(shop, everyone.indexOf(armA.get(2)), run, split.minus(Duration.ofHours(1)));
        order(shop, everyone.indexOf(armA.get(3)), run, split.plus(Duration.ofDays(8)));
        order(shop, everyone.indexOf(holdout.get(0)), run, split.plus(Duration.ofHours(2)));
        order(
                shop,
                everyone.indexOf(holdout.get(1)),
                run,
                split.plus(Duration.ofDays(7)).plusSeconds(1));
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> db.queryForObject(
                                "select count(*) from customers.customer_value where tenant_id = ? and customer_id = any(?)"
                                        + " and last_order_at is not null",
                                Long.class,
                                shop.tenant.value(),
                                everyone.toArray(Long[]::new))
                        == 6);

        JsonNode funnel = api.get(shop.path("/journeys/" + journey + "/funnel"), shop.admin)
                .body();
        JsonNode groups = funnel.path("splits").get(0).path("groups");
        assertThat(funnel.path("splits").get(0).path("attributionDays").asInt()).isEqualTo(7);
        assertThat(groups.get(0).path("arm").asString()).isEqualTo("A");
        assertThat(groups.get(0).path("members").asLong()).isEqualTo(armA.size());
        assertThat(groups.get(0).path("converted").asLong()).isEqualTo(2);
        assertThat(groups.get(0).path("rate").asDouble()).isEqualTo(2.0 / armA.size());
        assertThat(groups.get(1).path("arm").asString(null))
                .as("the holdout has no arm name")
                .isNull();
        assertThat(groups.get(1).path("members").asLong()).isEqualTo(holdout.size());
        assertThat(groups.get(1).path("converted").asLong()).isEqualTo(1);
        assertThat(groups.get(1).path("rate").asDouble()).isEqualTo(1.0 / holdout.size());
    }

    private static void order(TagFixtures shop, int index, String run, Instant paidAt) {
        shop.ordered(
                Math.abs((run + index).hashCode()) + 1L,
                new BuyerIdentity(null, null, "un-ab-" + run + "-" + index, null, null),
                9900,
                0,
                paidAt);
    }
}
