package io.moat.tags;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.SimulatorControl;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.wecom.client.WecomClients;
import io.moat.wecomsim.SimSettings;
import io.moat.wecomsim.WecomSim;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
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
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tags against wecom-sim over real HTTP and encrypted callbacks: Moat's own writes reach WeCom first and change
 * nothing locally when WeCom refuses; tags made in WeCom's console arrive by callback, and an explicit sync
 * follows deletions and renames; bulk tagging marks every active relation (45035 retried), with a result per
 * customer; a channel code's scan tags the customer in WeCom too. What WeCom holds is checked with
 * {@code externalcontact/get}.
 */
@MoatTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WecomTagEndToEndTests {

    static final WecomSim SIM = WecomSim.start(new SimSettings(0, 20261123L, Instant.now(), true));
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    WecomClients clients;

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
    String zhangsanWay;
    String lisiWay;
    String channelWay;

    @BeforeAll
    void corpWiredToMoat() throws Exception {
        api = new Api(port);
        admin = api.admin();
        slug = api.newWorkspace(admin);
        tenant = new TenantId(
                db().queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
        corp = control.connect(api, admin, slug, port, false);
        corpId = corp.corpId();
        control.staff(corp, List.of("zhangsan", "lisi"));
        var api = CallContext.forTenant(tenant, "test")
                .call(() -> clients.forTenant(tenant).orElseThrow());
        zhangsanWay = CallContext.forTenant(tenant, "test")
                .call(() -> api.addContactWay("zhangsan", "pkgcard-01", "e2e").configId());
        lisiWay = CallContext.forTenant(tenant, "test")
                .call(() -> api.addContactWay("lisi", "live-02", "e2e").configId());
        channelWay = CallContext.forTenant(tenant, "test")
                .call(() -> api.addContactWay("zhangsan", "chan-03", "e2e").configId());
    }

    @AfterAll
    void stopSimulator() {
        SIM.close();
    }

    @Test
    void moatsOwnWritesGoToWecomFirstAndARefusalChangesNothing() throws Exception {
        var created = api.post(path("/tags/groups"), admin, Map.of("name", "购买意向", "tags", List.of("高意向", "低意向")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode group = created.body();
        assertThat(group.path("wecom").asBoolean()).isTrue();
        String wecomGroup = group.path("wecomGroupId").asString();
        String high = wecomTagId(group, "高意向");
        String low = wecomTagId(group, "低意向");
        assertThat(corpTags()).contains(wecomGroup, high, low, "高意向");

        var renamed = api.call(
                HttpMethod.PATCH, path("/tags/" + TagFixtures.tagId(group, "高意向")), admin, Map.of("name", "强意向"));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(corpTags()).contains("强意向").doesNotContain("高意向");

        knobs(Map.of("failNext", Map.of("api", "/cgi-bin/externalcontact/add_corp_tag", "errcode", 40058, "count", 1)));
        var refused =
                api.post(path("/tags/groups/" + group.path("id").asLong() + "/tags"), admin, Map.of("name", "中意向"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(502);
        assertThat(Api.fields(refused)).containsExactly("name");
        assertThat(refused.text("detail")).contains("40058");
        assertThat(groupNamed("购买意向").path("tags").size()).isEqualTo(2);
        assertThat(corpTags()).doesNotContain("中意向");

        var deleted = api.call(HttpMethod.DELETE, path("/tags/" + TagFixtures.tagId(group, "低意向")), admin, null);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(corpTags()).doesNotContain(low).contains(high);

        var empty = api.post(path("/tags/groups"), admin, Map.of("name", "空组")).body();
        assertThat(empty.path("wecom").asBoolean()).isTrue();
        assertThat(empty.path("wecomGroupId").isMissingNode())
                .as("WeCom has no empty groups")
                .isTrue();
        var first = api.post(path("/tags/groups/" + empty.path("id").asLong() + "/tags"), admin, Map.of("name", "首个"));
        assertThat(first.body().path("wecomTagId").asString()).isNotBlank();
        String emptyGroupInWecom = groupNamed("空组").path("wecomGroupId").asString();
        assertThat(corpTags()).contains(emptyGroupInWecom, "首个");

        assertThat(api.call(
                                HttpMethod.DELETE,
                                path("/tags/groups/" + group.path("id").asLong()),
                                admin,
                                null)
                        .status())
                .isEqualTo(204);
        assertThat(corpTags()).doesNotContain(wecomGroup).doesNotContain(high);
    }

    @Test
    void tagsMadeInWecomArriveAndASyncFollowsDeletionsAndRenames() throws Exception {
        JsonNode console = json(sim(
                "POST",
                "/sim/corps/" + corpId + "/client-tags",
                Map.of("groupName", "控制台组", "tags", List.of(Map.of("name", "甲"), Map.of("name", "乙")))));
        String a = console.path("tags").get(0).path("id").asString();
        String b = console.path("tags").get(1).path("id").asString();

        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> groupNamed("控制台组").path("tags").size() == 2);
        JsonNode arrived = groupNamed("控制台组");
        assertThat(arrived.path("wecomGroupId").asString())
                .isEqualTo(console.path("groupId").asString());
        assertThat(wecomTagId(arrived, "甲")).isEqualTo(a);
        assertThat(wecomTagId(arrived, "乙")).isEqualTo(b);

        var again = api.post(path("/tags/sync"), admin, Map.of());
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.body().valueStream().mapToInt(JsonNode::asInt).sum())
                .as(again.toString())
                .isZero();

        cgi("/cgi-bin/externalcontact/del_corp_tag", Map.of("tag_id", List.of(a)));
        cgi("/cgi-bin/externalcontact/edit_corp_tag", Map.of("id", b, "name", "丙"));
        var synced = api.post(path("/tags/sync"), admin, Map.of()).body();

        assertThat(synced.path("tagsDeleted").asInt()).isEqualTo(1);
        assertThat(synced.path("renamed").asInt()).isEqualTo(1);
        assertThat(groupNamed("控制台组").path("tags").valueStream().map(t -> t.path("name")
                        .asString()))
                .containsExactly("丙");
    }

    @Test
    void bulkTaggingMarksEveryActiveRelationWithAResultPerCustomer() throws Exception {
        String one = scan(zhangsanWay, "单关系", null);
        String two = scan(zhangsanWay, "双关系", null);
        scan(lisiWay, "双关系", two);
        String gone = scan(zhangsanWay, "已删除", null);
        String stale = scan(zhangsanWay, "未同步删除", null);
        awaitRelations(two, 2);
        awaitRelations(gone, 1);
        awaitRelations(stale, 1);
        sim("POST", "/sim/corps/" + corpId + "/customers/" + gone + "/delete-staff", Map.of("userid", "zhangsan"));
        awaitRelations(gone, 0);
        control.callbacks(corp, null);
        try {
            sim("POST", "/sim/corps/" + corpId + "/customers/" + stale + "/delete-staff", Map.of("userid", "zhangsan"));
        } finally {
            control.callbacks(corp, "http://127.0.0.1:" + port + "/wecom/callback/" + slug);
        }
        JsonNode synced = api.post(path("/tags/groups"), admin, Map.of("name", "大促", "tags", List.of("双11买家")))
                .body();
        JsonNode local = api.post(
                        path("/tags/groups"), admin, Map.of("name", "内部", "wecom", false, "tags", List.of("已联系")))
                .body();
        long tag = TagFixtures.tagId(synced, "双11买家");
        String wecomTag = wecomTagId(synced, "双11买家");
        long note = TagFixtures.tagId(local, "已联系");
        List<Long> customers = List.of(customer(one), customer(two), customer(gone), customer(stale));
        knobs(Map.of("tagConflicts", true));
        JsonNode job;
        try {
            var started =
                    api.post(path("/tags/bulk"), admin, Map.of("customerIds", customers, "add", List.of(tag, note)));
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            job = awaitJob(started.body().path("id").asLong());
        } finally {
            knobs(Map.of("tagConflicts", false));
        }

        assertThat(job.path("total").asInt()).as(job.toString()).isEqualTo(4);
        assertThat(job.path("done").asInt()).isEqualTo(4);
        assertThat(job.path("skipped").asInt()).as(job.toString()).isEqualTo(1);
        assertThat(job.path("failed").asInt()).as(job.toString()).isEqualTo(1);
        JsonNode skipped = result(job, customer(gone));
        assertThat(skipped.path("outcome").asString()).isEqualTo("skipped");
        assertThat(skipped.path("reason").asString()).isEqualTo("no_relation");
        JsonNode failed = result(job, customer(stale));
        assertThat(failed.path("outcome").asString()).isEqualTo("failed");
        assertThat(failed.path("staffUserId").asString()).isEqualTo("zhangsan");
        assertThat(failed.path("reason").asString()).contains("84061");
        assertThat(tagIdsOn(one, "zhangsan")).contains(wecomTag);
        assertThat(tagIdsOn(two, "zhangsan")).contains(wecomTag);
        assertThat(tagIdsOn(two, "lisi")).contains(wecomTag);
        assertThat(tagNames(customer(one))).containsExactlyInAnyOrder("双11买家", "已联系");
        assertThat(tagNames(customer(two))).containsExactlyInAnyOrder("双11买家", "已联系");
        assertThat(tagNames(customer(gone))).as("local tags need no relation").containsExactly("已联系");
        assertThat(tagNames(customer(stale))).containsExactly("已联系");
        assertThat(sim("GET", "/sim/corps/" + corpId + "/api-calls?path=/cgi-bin/externalcontact/mark_tag", null)
                        .body())
                .contains("45035");
    }

    @Test
    void aCustomerTaggedByHandIsMarkedOnEachRelationAndUntagged() throws Exception {
        String customer = scan(zhangsanWay, "手动", null);
        scan(lisiWay, "手动", customer);
        awaitRelations(customer, 2);
        JsonNode group = api.post(path("/tags/groups"), admin, Map.of("name", "手动组", "tags", List.of("重点")))
                .body();
        long tag = TagFixtures.tagId(group, "重点");
        String wecomTag = wecomTagId(group, "重点");
        String tags = path("/customers/" + customer(customer) + "/tags");

        var added = api.post(tags, admin, Map.of("add", List.of(tag)));

        assertThat(added.status()).as(added.toString()).isEqualTo(200);
        assertThat(added.body()
                        .path("results")
                        .valueStream()
                        .map(r -> r.path("staffUserId").asString() + ":"
                                + r.path("outcome").asString()))
                .containsExactlyInAnyOrder("zhangsan:ok", "lisi:ok");
        assertThat(tagIdsOn(customer, "zhangsan")).contains(wecomTag);
        assertThat(tagIdsOn(customer, "lisi")).contains(wecomTag);

        api.post(tags, admin, Map.of("remove", List.of(tag)));

        assertThat(tagIdsOn(customer, "zhangsan")).doesNotContain(wecomTag);
        assertThat(tagIdsOn(customer, "lisi")).doesNotContain(wecomTag);
        assertThat(tagNames(customer(customer))).isEmpty();
    }

    @Test
    void aScanThroughAChannelCodeTagsTheCustomerInWecomToo() throws Exception {
        JsonNode channel = api.post(
                        path("/tags/groups"),
                        admin,
                        Map.of("name", "渠道", "kind", "channel", "tags", List.of("chan-03")))
                .body();
        String wecomTag = wecomTagId(channel, "chan-03");

        String customer = scan(channelWay, "扫码客户", null);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            Long id = customerOrNull(customer);
            return id != null && tagNames(id).contains("chan-03");
        });
        assertThat(tagIdsOn(customer, "zhangsan")).contains(wecomTag);
        JsonNode shown = api.get(path("/customers/" + customer(customer) + "/tags"), admin)
                .body()
                .path("tags")
                .get(0);
        assertThat(shown.path("source").asString()).isEqualTo("channel");
    }

    private String path(String rest) {
        return "/api/v1/workspaces/" + slug + rest;
    }

    private JsonNode groupNamed(String name) {
        return api.get(path("/tags"), admin)
                .body()
                .path("groups")
                .valueStream()
                .filter(g -> g.path("name").asString().equals(name))
                .findFirst()
                .orElse(JSON.missingNode());
    }

    private static String wecomTagId(JsonNode group, String name) {
        return group.path("tags")
                .valueStream()
                .filter(t -> t.path("name").asString().equals(name))
                .findFirst()
                .orElseThrow()
                .path("wecomTagId")
                .asString();
    }

    private List<String> tagNames(long customer) {
        return api.get(path("/customers/" + customer + "/tags"), admin)
                .body()
                .path("tags")
                .valueStream()
                .map(t -> t.path("name").asString())
                .toList();
    }

    private JsonNode awaitJob(long id) {
        JsonNode[] job = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            job[0] = api.get(path("/tags/bulk/" + id), admin).body();
            return !job[0].path("status").asString().equals("running");
        });
        assertThat(job[0].path("status").asString()).as(job[0].toString()).isEqualTo("completed");
        return job[0];
    }

    private static JsonNode result(JsonNode job, long customer) {
        return job.path("results")
                .valueStream()
                .filter(r -> r.path("customerId").asLong() == customer)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no result for " + customer + " in " + job));
    }

    private String scan(String configId, String name, @Nullable String existing) throws Exception {
        var body = existing == null
                ? Map.of("configId", configId, "customer", Map.of("name", name))
                : Map.of("configId", configId, "customer", Map.of("name", name), "existingExternalUserId", existing);
        var answer = sim("POST", "/sim/corps/" + corpId + "/scan", body);
        assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 201);
        return json(answer).path("externalUserId").asString();
    }

    /** Waits until Moat knows the customer with this many active staff relations. */
    private void awaitRelations(String externalUserId, int active) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Long id = customerOrNull(externalUserId);
                    return id != null
                            && db().queryForObject(
                                                    "select count(*) from customers.staff_relation where tenant_id = ? and customer_id = ? and removed_at is null",
                                                    Long.class,
                                                    tenant.value(),
                                                    id)
                                    == active;
                });
    }

    private long customer(String externalUserId) {
        Long id = customerOrNull(externalUserId);
        assertThat(id).as("profile of " + externalUserId).isNotNull();
        return id;
    }

    private @Nullable Long customerOrNull(String externalUserId) {
        return db()
                .query(
                        "select customer_id from customers.identity where tenant_id = ? and kind = 'external_userid' and value = ?",
                        (row, n) -> row.getLong(1),
                        tenant.value(),
                        externalUserId)
                .stream()
                .findFirst()
                .orElse(null);
    }

    /** The corp tag ids on one staff member's relation, as WeCom's externalcontact/get lists them. */
    private List<String> tagIdsOn(String externalUserId, String staff) throws Exception {
        JsonNode contact = json(sim(
                "GET",
                "/cgi-bin/externalcontact/get?external_userid=" + externalUserId + "&access_token=" + token(),
                null));
        return contact.path("follow_user")
                .valueStream()
                .filter(f -> f.path("userid").asString().equals(staff))
                .flatMap(f -> f.path("tags").valueStream())
                .map(t -> t.path("tag_id").asString())
                .toList();
    }

    private String corpTags() throws Exception {
        return cgi("/cgi-bin/externalcontact/get_corp_tag_list", Map.of()).toString();
    }

    private JsonNode cgi(String api, Object body) throws Exception {
        JsonNode answer = json(sim("POST", api + "?access_token=" + token(), body));
        assertThat(answer.path("errcode").asInt()).as(answer.toString()).isZero();
        return answer;
    }

    private String token() throws Exception {
        return json(sim("GET", "/cgi-bin/gettoken?corpid=" + corpId + "&corpsecret=sim-secret", null))
                .path("access_token")
                .asString();
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

    private JdbcTemplate db() {
        return new JdbcTemplate(owner);
    }
}
