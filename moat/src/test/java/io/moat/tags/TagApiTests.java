package io.moat.tags;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
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
 * The tag library and tagging through the API of a workspace without WeCom: groups and tags are created, listed
 * with their customer counts, renamed and deleted; every refusal names the field at fault; customers are tagged by
 * hand and in bulk; roles and workspaces are kept apart.
 */
@MoatTest
class TagApiTests {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    TagFixtures shop;
    Api api;
    String admin;

    @BeforeEach
    void workspace() {
        shop = new TagFixtures(port, owner, events, transactions);
        api = shop.api;
        admin = shop.admin;
    }

    @Test
    void groupsAndTagsAreCreatedListedRenamedAndDeleted() {
        JsonNode group = shop.group("兴趣", "manual", List.of("护肤", "彩妆"));
        assertThat(group.path("wecom").asBoolean())
                .as("no WeCom configured: local only")
                .isFalse();
        long groupId = group.path("id").asLong();

        var perfume = api.post(shop.path("/tags/groups/" + groupId + "/tags"), admin, Map.of("name", " 香水 "));
        assertThat(perfume.status()).as(perfume.toString()).isEqualTo(201);
        assertThat(perfume.text("name")).isEqualTo("香水");
        long perfumeId = perfume.body().path("id").asLong();
        var renamed = api.call(HttpMethod.PATCH, shop.path("/tags/" + perfumeId), admin, Map.of("name", "香氛"));
        assertThat(renamed.text("name")).isEqualTo("香氛");
        var regrouped = api.call(HttpMethod.PATCH, shop.path("/tags/groups/" + groupId), admin, Map.of("name", "兴趣偏好"));
        assertThat(regrouped.text("name")).isEqualTo("兴趣偏好");

        JsonNode listed = library().getFirst();
        assertThat(listed.path("name").asString()).isEqualTo("兴趣偏好");
        assertThat(listed.path("tags").valueStream().map(t -> t.path("name").asString()))
                .containsExactlyInAnyOrder("护肤", "彩妆", "香氛");
        assertThat(listed.path("tags").valueStream().map(t -> t.path("customers")
                        .asLong()))
                .containsOnly(0L);

        assertThat(api.call(HttpMethod.DELETE, shop.path("/tags/" + perfumeId), admin, null)
                        .status())
                .isEqualTo(204);
        assertThat(library().getFirst().path("tags").size()).isEqualTo(2);
        assertThat(api.call(HttpMethod.DELETE, shop.path("/tags/groups/" + groupId), admin, null)
                        .status())
                .isEqualTo(204);
        assertThat(library()).isEmpty();
        assertThat(api.post(shop.path("/tags/groups"), admin, Map.of("name", "兴趣偏好"))
                        .status())
                .as("a deleted group's name is free again")
                .isEqualTo(201);
    }

    @Test
    void everyRefusalNamesTheFieldAtFault() {
        long groupId = shop.group("价值", "manual", List.of("高")).path("id").asLong();
        long ruleGroup = shop.group("规则", "rule", List.of()).path("id").asLong();

        assertRefused(api.post(shop.path("/tags/groups"), admin, Map.of("name", " ")), 400, "name");
        assertRefused(api.post(shop.path("/tags/groups"), admin, Map.of("name", "x".repeat(31))), 400, "name");
        assertRefused(api.post(shop.path("/tags/groups"), admin, Map.of("name", "a", "kind", "vip")), 400, "kind");
        assertRefused(api.post(shop.path("/tags/groups"), admin, Map.of("name", "价值")), 409, "name");
        assertRefused(
                api.post(shop.path("/tags/groups"), admin, Map.of("name", "b", "tags", List.of("x", "x"))),
                400,
                "tags");
        assertRefused(
                api.post(shop.path("/tags/groups"), admin, Map.of("name", "c", "kind", "rule", "wecom", true)),
                400,
                "wecom");
        assertRefused(api.post(shop.path("/tags/groups"), admin, Map.of("name", "d", "wecom", true)), 409, "wecom");
        assertRefused(
                api.post(shop.path("/tags/groups/" + groupId + "/tags"), admin, Map.of("name", "高")), 409, "name");
        assertRefused(
                api.post(
                        shop.path("/tags/groups/" + groupId + "/tags"),
                        admin,
                        Map.of("name", "中", "condition", Map.of("type", "orderCountAtLeast", "count", 1))),
                400,
                "condition");
        assertRefused(
                api.post(shop.path("/tags/groups/" + ruleGroup + "/tags"), admin, Map.of("name", "复购")),
                400,
                "condition");
        assertRefused(
                api.post(
                        shop.path("/tags/groups/" + ruleGroup + "/tags"),
                        admin,
                        Map.of("name", "近购", "condition", Map.of("type", "boughtWithin", "days", 0))),
                400,
                "condition.days");
        assertRefused(api.post(shop.path("/tags/groups/999999/tags"), admin, Map.of("name", "x")), 404, "id");
        assertRefused(api.call(HttpMethod.PATCH, shop.path("/tags/999999"), admin, Map.of("name", "x")), 404, "id");
        assertRefused(api.post(shop.path("/tags/999999/evaluate"), admin, Map.of()), 404, "id");

        long customer = shop.added("wm-refusals", "zhangsan", null);
        long tag = TagFixtures.tagId(library().getFirst(), "高");
        String tags = "/customers/" + customer + "/tags";
        assertRefused(api.post(shop.path(tags), admin, Map.of()), 400, "add");
        assertRefused(api.post(shop.path(tags), admin, Map.of("add", List.of(999999))), 400, "add");
        assertRefused(
                api.post(shop.path(tags), admin, Map.of("add", List.of(tag), "remove", List.of(tag))), 400, "remove");
        assertRefused(api.post(shop.path("/customers/999999/tags"), admin, Map.of("add", List.of(tag))), 404, "id");
        assertRefused(api.get(shop.path("/customers/999999/tags"), admin), 404, "id");
        assertRefused(
                api.post(shop.path("/tags/bulk"), admin, Map.of("customerIds", List.of(), "add", List.of(tag))),
                400,
                "customerIds");
        List<Long> tooMany = LongStream.rangeClosed(1, 10_001).boxed().toList();
        assertRefused(
                api.post(shop.path("/tags/bulk"), admin, Map.of("customerIds", tooMany, "add", List.of(tag))),
                400,
                "customerIds");
        assertRefused(api.get(shop.path("/tags/bulk/999999"), admin), 404, "id");
        assertRefused(
                api.call(HttpMethod.PUT, shop.path("/tags/channels/live"), admin, Map.of("tagIds", List.of(999999))),
                400,
                "tagIds");
        assertThat(library()).hasSize(2);
    }

    @Test
    void aCustomerIsTaggedByHandOnceAndUntagged() {
        long customer = shop.added("wm-hand", "zhangsan", null);
        long vip = TagFixtures.tagId(shop.group("会员", "manual", List.of("VIP", "普通")), "VIP");
        String tags = shop.path("/customers/" + customer + "/tags");

        var first = api.post(tags, admin, Map.of("add", List.of(vip)));
        var again = api.post(tags, admin, Map.of("add", List.of(vip)));

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(again.text("outcome")).isEqualTo("ok");
        JsonNode shown = api.get(tags, admin).body().path("tags");
        assertThat(shown.size()).isEqualTo(1);
        assertThat(shown.get(0).path("name").asString()).isEqualTo("VIP");
        assertThat(shown.get(0).path("groupName").asString()).isEqualTo("会员");
        assertThat(shown.get(0).path("source").asString()).isEqualTo("manual");
        assertThat(shown.get(0).path("assignedBy").asString()).isEqualTo("admin");
        assertThat(shown.get(0).path("assignedAt").asString()).isNotBlank();
        assertThat(TagFixtures.tagId(library().getFirst(), "VIP")).isEqualTo(vip);
        assertThat(library()
                        .getFirst()
                        .path("tags")
                        .valueStream()
                        .filter(t -> t.path("id").asLong() == vip)
                        .findFirst()
                        .orElseThrow()
                        .path("customers")
                        .asLong())
                .isEqualTo(1);

        assertThat(api.post(tags, admin, Map.of("remove", List.of(vip))).status())
                .isEqualTo(200);
        assertThat(shop.tagsOf(customer)).isEmpty();
    }

    @Test
    void bulkTaggingRecordsEveryCustomerAndSkipsUnknownOnes() {
        List<Long> customers = List.of(
                shop.added("wm-bulk-1", "zhangsan", null),
                shop.added("wm-bulk-2", "zhangsan", null),
                shop.added("wm-bulk-3", "lisi", null));
        JsonNode group = shop.group("活动", "manual", List.of("双11", "618"));
        long eleven = TagFixtures.tagId(group, "双11");
        long june = TagFixtures.tagId(group, "618");
        api.post(shop.path("/customers/" + customers.get(2) + "/tags"), admin, Map.of("add", List.of(june)));
        List<Long> targets = new java.util.ArrayList<>(customers);
        targets.add(987_654_321L);
        targets.add(customers.getFirst());

        var started = api.post(
                shop.path("/tags/bulk"),
                admin,
                Map.of("customerIds", targets, "add", List.of(eleven), "remove", List.of(june)));

        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        JsonNode job = awaitJob(started.body().path("id").asLong());
        assertThat(job.path("total").asInt()).as(job.toString()).isEqualTo(4);
        assertThat(job.path("done").asInt()).isEqualTo(4);
        assertThat(job.path("skipped").asInt()).isEqualTo(1);
        assertThat(job.path("failed").asInt()).isZero();
        assertThat(job.path("results")
                        .valueStream()
                        .map(r -> r.path("customerId").asLong() + ":"
                                + r.path("outcome").asString() + ":"
                                + r.path("reason").asString()))
                .containsExactly("987654321:skipped:no_customer");
        for (long customer : customers) {
            assertThat(shop.tagsOf(customer)).as("customer " + customer).containsExactly("双11");
        }
    }

    @Test
    void anIdempotencyKeyReusedForAnotherRequestIsRefusedAndStartsNothing() {
        long first = shop.added("wm-key-1", "zhangsan", null);
        long second = shop.added("wm-key-2", "zhangsan", null);
        JsonNode group = shop.group("幂等", "manual", List.of("甲", "乙"));
        long a = TagFixtures.tagId(group, "甲");
        long b = TagFixtures.tagId(group, "乙");
        String key = java.util.UUID.randomUUID().toString();
        Map<String, String> headers = Map.of("Idempotency-Key", key);

        var started = api.call(
                HttpMethod.POST,
                shop.path("/tags/bulk"),
                admin,
                Map.of("customerIds", List.of(first), "add", List.of(a)),
                headers);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        long job = started.body().path("id").asLong();
        awaitJob(job);

        var retried = api.call(
                HttpMethod.POST,
                shop.path("/tags/bulk"),
                admin,
                Map.of("add", List.of(a), "customerIds", List.of(first)),
                headers);
        assertThat(retried.status()).as("the same body again: " + retried).isEqualTo(200);
        assertThat(retried.body().path("id").asLong()).isEqualTo(job);

        for (Map<String, Object> other : List.<Map<String, Object>>of(
                Map.of("customerIds", List.of(second), "add", List.of(a)),
                Map.of("customerIds", List.of(first), "add", List.of(b)),
                Map.of("customerIds", List.of(first), "add", List.of(a), "remove", List.of(b)))) {
            var reused = api.call(HttpMethod.POST, shop.path("/tags/bulk"), admin, other, headers);
            assertRefused(reused, 422, "Idempotency-Key");
            assertThat(reused.body().path("type").asString()).endsWith("idempotency-key-reused");
            assertThat(reused.body().has("id"))
                    .as("the earlier job is not handed back")
                    .isFalse();
        }
        assertThat(shop.tagsOf(second))
                .as("nothing started for the refused requests")
                .isEmpty();
        assertThat(shop.tagsOf(first)).containsExactly("甲");
        assertThat(api.get(shop.path("/tags/bulk"), admin).body().valueStream().map(j -> j.path("id")
                        .asLong()))
                .as("the workspace's only bulk job is the first")
                .containsExactly(job);
    }

    @Test
    void analystsAndStaffReadTagsButDoNotChangeThem() {
        long customer = shop.added("wm-roles", "zhangsan", null);
        JsonNode group = shop.group("角色", "manual", List.of("甲"));
        long tag = TagFixtures.tagId(group, "甲");
        for (String role : List.of("analyst", "staff")) {
            String reader = api.memberWithRole(admin, shop.slug, role);

            assertThat(api.get(shop.path("/tags"), reader).status()).as(role).isEqualTo(200);
            assertThat(api.get(shop.path("/customers/" + customer + "/tags"), reader)
                            .status())
                    .isEqualTo(200);
            assertThat(api.post(shop.path("/tags/groups"), reader, Map.of("name", "x" + role))
                            .status())
                    .isEqualTo(403);
            assertThat(api.call(HttpMethod.PATCH, shop.path("/tags/" + tag), reader, Map.of("name", "乙"))
                            .status())
                    .isEqualTo(403);
            assertThat(api.post(shop.path("/customers/" + customer + "/tags"), reader, Map.of("add", List.of(tag)))
                            .status())
                    .isEqualTo(403);
            assertThat(api.post(
                                    shop.path("/tags/bulk"),
                                    reader,
                                    Map.of("customerIds", List.of(customer), "add", List.of(tag)))
                            .status())
                    .isEqualTo(403);
            assertThat(api.post(shop.path("/tags/sync"), reader, Map.of()).status())
                    .isEqualTo(403);
        }
        assertThat(shop.tagsOf(customer)).isEmpty();
        assertThat(library().getFirst().path("tags").get(0).path("name").asString())
                .isEqualTo("甲");
    }

    @Test
    void aWorkspaceNeitherSeesNorTouchesAnothersTags() {
        long customer = shop.added("wm-mine", "zhangsan", null);
        JsonNode group = shop.group("本店", "manual", List.of("老客"));
        long tag = TagFixtures.tagId(group, "老客");
        api.post(shop.path("/customers/" + customer + "/tags"), admin, Map.of("add", List.of(tag)));
        long job = api.post(
                        shop.path("/tags/bulk"), admin, Map.of("customerIds", List.of(customer), "add", List.of(tag)))
                .body()
                .path("id")
                .asLong();
        TagFixtures other = new TagFixtures(port, owner, events, transactions);
        long theirs = other.added("wm-theirs", "zhangsan", null);
        String o = other.admin;

        assertThat(api.get(other.path("/tags"), o).body().path("groups").size()).isZero();
        assertThat(api.call(HttpMethod.PATCH, other.path("/tags/" + tag), o, Map.of("name", "x"))
                        .status())
                .isEqualTo(404);
        assertThat(api.call(
                                HttpMethod.DELETE,
                                other.path("/tags/groups/" + group.path("id").asLong()),
                                o,
                                null)
                        .status())
                .isEqualTo(404);
        assertThat(api.get(other.path("/customers/" + customer + "/tags"), o).status())
                .isEqualTo(404);
        assertThat(api.get(other.path("/tags/bulk/" + job), o).status()).isEqualTo(404);
        var borrowed = api.post(other.path("/customers/" + theirs + "/tags"), o, Map.of("add", List.of(tag)));
        assertThat(borrowed.status()).isEqualTo(400);
        assertThat(Api.fields(borrowed)).containsExactly("add");
        assertThat(new JdbcTemplate(owner)
                        .queryForObject(
                                "select count(*) from tags.tag_assignment where tenant_id = ?",
                                Long.class,
                                other.tenant.value()))
                .isZero();
        assertThat(shop.tagsOf(customer)).containsExactly("老客");
    }

    private JsonNode awaitJob(long id) {
        JsonNode[] job = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            job[0] = api.get(shop.path("/tags/bulk/" + id), admin).body();
            return !job[0].path("status").asString().equals("running");
        });
        assertThat(job[0].path("status").asString()).as(job[0].toString()).isEqualTo("completed");
        return job[0];
    }

    private List<JsonNode> library() {
        var answer = api.get(shop.path("/tags"), admin);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.body().path("groups").valueStream().toList();
    }

    private static void assertRefused(Api.Answer answer, int status, String field) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(Api.fields(answer)).as(answer.toString()).containsExactly(field);
    }
}
