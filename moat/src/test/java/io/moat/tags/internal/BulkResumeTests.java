package io.moat.tags.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.MoatTest;
import io.moat.tags.TagFixtures;
import java.time.Duration;
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

/**
 * A bulk job cut off part-way (its worker gone, some customers' commits never made) is picked up again when its
 * lease runs out, handles only the customers left, and ends with the counts and assignments of a clean run.
 */
@MoatTest
class BulkResumeTests {

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
    BulkRunner runner;

    @Test
    void aResumedJobDoublesNothing() {
        TagFixtures shop = new TagFixtures(port, owner, events, transactions);
        List<Long> customers = List.of(
                shop.added("wm-r1", "zhangsan", null),
                shop.added("wm-r2", "zhangsan", null),
                shop.added("wm-r3", "zhangsan", null),
                shop.added("wm-r4", "zhangsan", null));
        long tag = TagFixtures.tagId(shop.group("复跑", "manual", List.of("已标")), "已标");
        long job = shop.api
                .post(shop.path("/tags/bulk"), shop.admin, Map.of("customerIds", customers, "add", List.of(tag)))
                .body()
                .path("id")
                .asLong();
        awaitCompleted(shop, job);
        JdbcTemplate db = new JdbcTemplate(owner);
        // As if the worker had died after the first two customers: the last two commits never happened.
        db.update(
                "delete from tags.bulk_result where tenant_id = ? and job_id = ? and customer_id = any(?)",
                shop.tenant.value(),
                job,
                new Long[] {customers.get(2), customers.get(3)});
        db.update(
                "delete from tags.tag_assignment where tenant_id = ? and customer_id = ?",
                shop.tenant.value(),
                customers.get(3));
        db.update("""
                update tags.bulk_job set status = 'running', done = 2, finished_at = null,
                    lease_until = now() - interval '1 minute' where tenant_id = ? and id = ?""", shop.tenant.value(), job);

        runner.resumeAbandoned();

        Map<String, Object> done = awaitCompleted(shop, job);
        assertThat(done).containsEntry("total", 4).containsEntry("done", 4).containsEntry("failed", 0);
        assertThat(done.get("lease_token")).isEqualTo(2L);
        assertThat(db.queryForObject(
                        "select count(*) from tags.bulk_result where tenant_id = ? and job_id = ?",
                        Long.class,
                        shop.tenant.value(),
                        job))
                .isEqualTo(4);
        for (long customer : customers) {
            assertThat(shop.tagsOf(customer)).containsExactly("已标");
        }
    }

    @Test
    void aJobHeldByAWorkerIsNotClaimedTwice() {
        TagFixtures shop = new TagFixtures(port, owner, events, transactions);
        long customer = shop.added("wm-held", "zhangsan", null);
        long tag = TagFixtures.tagId(shop.group("占用", "manual", List.of("甲")), "甲");
        long job = shop.api
                .post(
                        shop.path("/tags/bulk"),
                        shop.admin,
                        Map.of("customerIds", List.of(customer), "add", List.of(tag)))
                .body()
                .path("id")
                .asLong();
        awaitCompleted(shop, job);
        JdbcTemplate db = new JdbcTemplate(owner);
        db.update("""
                update tags.bulk_job set status = 'running', lease_until = now() + interval '5 minutes'
                where tenant_id = ? and id = ?""", shop.tenant.value(), job);

        runner.resumeAbandoned();

        assertThat(db.queryForObject(
                        "select lease_token from tags.bulk_job where tenant_id = ? and id = ?",
                        Long.class,
                        shop.tenant.value(),
                        job))
                .isEqualTo(1);
        assertThat(db.queryForObject(
                        "select status from tags.bulk_job where tenant_id = ? and id = ?",
                        String.class,
                        shop.tenant.value(),
                        job))
                .isEqualTo("running");
        db.update(
                "update tags.bulk_job set status = 'completed', lease_until = null where tenant_id = ? and id = ?",
                shop.tenant.value(),
                job);
    }

    private Map<String, Object> awaitCompleted(TagFixtures shop, long job) {
        JdbcTemplate db = new JdbcTemplate(owner);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "completed"
                .equals(db.queryForObject(
                        "select status from tags.bulk_job where tenant_id = ? and id = ?",
                        String.class,
                        shop.tenant.value(),
                        job)));
        return db.queryForMap("select * from tags.bulk_job where tenant_id = ? and id = ?", shop.tenant.value(), job);
    }
}
