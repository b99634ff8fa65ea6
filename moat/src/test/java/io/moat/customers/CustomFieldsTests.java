package io.moat.customers;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.customers.internal.Identity;
import io.moat.customers.internal.Profiles;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** A workspace defines its own customer fields; values are checked by type, filter the list and are exported. */
@MoatTest
class CustomFieldsTests {

    @LocalServerPort
    int port;

    @Autowired
    Profiles profiles;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    Api api;
    String admin;
    String slug;
    String base;
    TenantId tenant;

    @BeforeEach
    void workspace() {
        api = new Api(port);
        admin = api.admin();
        slug = api.newWorkspace(admin);
        base = "/api/v1/workspaces/" + slug + "/customers";
        tenant = new TenantId(new JdbcTemplate(owner)
                .queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
    }

    @Test
    void definitionsAreCheckedAndNameTheirField() {
        var badKey = api.post(base + "/fields", admin, Map.of("key", "等级", "label", "等级", "type", "text"));
        assertThat(badKey.status()).isEqualTo(400);
        assertThat(Api.fields(badKey)).containsExactly("key");
        var noChoices = api.post(base + "/fields", admin, Map.of("key", "level", "label", "等级", "type", "choice"));
        assertThat(noChoices.status()).isEqualTo(400);
        assertThat(Api.fields(noChoices)).containsExactly("choices");
        var badType = api.post(base + "/fields", admin, Map.of("key", "level", "label", "等级", "type", "color"));
        assertThat(Api.fields(badType)).containsExactly("type");
        assertThat(api.post(base + "/fields", admin, Map.of("key", "level", "label", "等级", "type", "text"))
                        .status())
                .isEqualTo(201);
        var taken = api.post(base + "/fields", admin, Map.of("key", "level", "label", "又一个", "type", "text"));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(Api.fields(taken)).containsExactly("key");
    }

    @Test
    void valuesAreCheckedByTypeFilterTheListAndAreExported() throws Exception {
        define("level", "会员等级", "choice", List.of("金卡", "银卡"));
        define("birthday", "生日", "date", List.of());
        define("spend", "年消费", "number", List.of());
        long gold = customer("wm-gold");
        long silver = customer("wm-silver");

        var wrongNumber = put(gold, Map.of("spend", "很多"));
        assertThat(wrongNumber.status()).isEqualTo(400);
        assertThat(Api.fields(wrongNumber)).containsExactly("spend");
        assertThat(wrongNumber.text("detail")).contains("年消费");
        var wrongChoice = put(gold, Map.of("level", "铜卡", "spend", "10"));
        assertThat(Api.fields(wrongChoice)).containsExactly("level");
        assertThat(Api.fields(put(gold, Map.of("birthday", "1990-13-01")))).containsExactly("birthday");
        assertThat(api.get(base + "/" + gold + "/fields", admin)
                        .body()
                        .valueStream()
                        .filter(f ->
                                !f.path("value").isNull() && !f.path("value").isMissingNode()))
                .as("a refused change writes nothing")
                .isEmpty();

        assertThat(put(gold, Map.of("level", "金卡", "spend", "1200.50", "birthday", "1990-02-03"))
                        .status())
                .isEqualTo(200);
        assertThat(put(silver, Map.of("level", "银卡")).status()).isEqualTo(200);
        var values = api.get(base + "/" + gold + "/fields", admin).body();
        assertThat(values.valueStream()
                        .map(v ->
                                v.path("key").asString() + "=" + v.path("value").asString()))
                .containsExactly("level=金卡", "birthday=1990-02-03", "spend=1200.5");

        var filtered = api.get(base + "?field=level&fieldValue=金卡", admin).body();
        assertThat(filtered.path("items").valueStream().map(i -> i.path("id").asLong()))
                .containsExactly(gold);
        var byNumber = api.get(base + "?field=spend&fieldValue=1200.500", admin).body();
        assertThat(byNumber.path("items").valueStream().map(i -> i.path("id").asLong()))
                .containsExactly(gold);
        assertThat(Api.fields(api.get(base + "?field=nope&fieldValue=1", admin)))
                .containsExactly("field");

        String csv = new String(download("?format=csv&field=level&fieldValue=" + enc("银卡")), StandardCharsets.UTF_8);
        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).endsWith("\"会员等级\",\"生日\",\"年消费\"");
        assertThat(lines.get(1)).endsWith("\"银卡\",\"\",\"\"");

        Map<String, String> clear = new HashMap<>();
        clear.put("level", null);
        assertThat(put(silver, clear).status()).isEqualTo(200);
        assertThat(api.get(base + "?field=level&fieldValue=银卡", admin)
                        .body()
                        .path("items")
                        .valueStream())
                .isEmpty();
    }

    private void define(String key, String label, String type, List<String> choices) {
        var answer =
                api.post(base + "/fields", admin, Map.of("key", key, "label", label, "type", type, "choices", choices));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
    }

    private Api.Answer put(long customer, Map<String, String> values) {
        return api.call(HttpMethod.PUT, base + "/" + customer + "/fields", admin, values);
    }

    private long customer(String externalUserId) {
        return CallContext.forTenant(tenant, "test")
                .call(() -> transactions.execute(status -> profiles.resolve(
                        tenant,
                        List.of(Identity.externalUserId(externalUserId)),
                        "test",
                        Instant.parse("2026-11-01T08:00:00Z"))));
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private byte[] download(String query) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + base + "/export" + query))
                                .header("Authorization", "Bearer " + admin)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                .body();
    }
}
