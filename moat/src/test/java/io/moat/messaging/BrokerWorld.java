package io.moat.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.SimulatorControl;
import io.moat.customers.CustomerId;
import io.moat.shared.TenantId;
import io.moat.wecomsim.WecomSim;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A workspace wired to a wecom-sim corp with callbacks and the archive feed, two staff members and a way to add
 * customers through a scan: the world the broker's end-to-end tests send into.
 */
public final class BrokerWorld {

    final WecomSim sim;
    public final SimulatorControl control;
    public final Api api;
    public final String admin;
    public final String slug;
    public final TenantId tenant;
    public final String corpId;
    private final DataSource owner;
    private final String zhangsanWay;
    private final String lisiWay;

    public BrokerWorld(WecomSim sim, int port, DataSource owner) throws Exception {
        this.sim = sim;
        this.control = new SimulatorControl(sim);
        this.owner = owner;
        this.api = new Api(port);
        this.admin = api.admin();
        this.slug = api.newWorkspace(admin);
        this.tenant = new TenantId(
                db().queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
        var corp = control.connect(api, admin, slug, port, true);
        this.corpId = corp.corpId();
        control.staff(corp, List.of("zhangsan", "lisi"));
        zhangsanWay = contactWay("zhangsan");
        lisiWay = contactWay("lisi");
    }

    /** A customer who scanned zhangsan's code (and lisi's too, if asked), known to Moat with those relations. */
    public CustomerAdded customer(String name, boolean alsoLisi) throws Exception {
        String externalUserId = scan(zhangsanWay, name, null);
        if (alsoLisi) {
            scan(lisiWay, name, externalUserId);
        }
        awaitRelations(externalUserId, alsoLisi ? 2 : 1);
        return new CustomerAdded(new CustomerId(customerId(externalUserId)), externalUserId);
    }

    public record CustomerAdded(CustomerId id, String externalUserId) {}

    private String contactWay(String staff) throws Exception {
        JsonNode way = cgi(
                "/cgi-bin/externalcontact/add_contact_way",
                Map.of("type", 1, "scene", 2, "user", List.of(staff), "state", "send-" + staff));
        return way.path("config_id").asString();
    }

    private String scan(String configId, String name, @Nullable String existing) throws Exception {
        var body = existing == null
                ? Map.of("configId", configId, "customer", Map.of("name", name))
                : Map.of("configId", configId, "customer", Map.of("name", name), "existingExternalUserId", existing);
        var answer = call("POST", "/sim/corps/" + corpId + "/scan", body);
        assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 201);
        return json(answer).path("externalUserId").asString();
    }

    private void awaitRelations(String externalUserId, int active) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    List<Long> ids = db().queryForList(
                                    "select customer_id from customers.identity where tenant_id = ? and kind = 'external_userid'"
                                            + " and value = ?",
                                    Long.class,
                                    tenant.value(),
                                    externalUserId);
                    return !ids.isEmpty()
                            && db().queryForObject(
                                                    "select count(*) from customers.staff_relation where tenant_id = ?"
                                                            + " and customer_id = ? and removed_at is null",
                                                    Long.class,
                                                    tenant.value(),
                                                    ids.get(0))
                                    == active;
                });
    }

    private long customerId(String externalUserId) {
        return db().queryForObject(
                        "select customer_id from customers.identity where tenant_id = ? and kind = 'external_userid'"
                                + " and value = ?",
                        Long.class,
                        tenant.value(),
                        externalUserId);
    }

    /** The deliveries of kind {@code kind} the sim made to this customer. */
    List<JsonNode> deliveries(String externalUserId, String kind) throws Exception {
        JsonNode all = json(call("GET", "/sim/corps/" + corpId + "/deliveries?externalUserId=" + externalUserId, null));
        return all.valueStream()
                .filter(d -> d.path("kind").asString().equals(kind))
                .toList();
    }

    public void confirm(String staff, String msgId) throws Exception {
        var answer = call("POST", "/sim/corps/" + corpId + "/staff/" + staff + "/confirm-mass", Map.of("msgid", msgId));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    int apiCalls(String path) throws Exception {
        JsonNode calls = json(call("GET", "/sim/corps/" + corpId + "/api-calls?path=" + path, null));
        return calls.path("paths")
                .valueStream()
                .filter(p -> p.path("path").asString().equals(path))
                .mapToInt(p -> p.path("count").asInt())
                .sum();
    }

    int apiErrors(String path, int errcode) throws Exception {
        JsonNode calls = json(call("GET", "/sim/corps/" + corpId + "/api-calls?path=" + path, null));
        return calls.path("paths")
                .valueStream()
                .filter(p -> p.path("path").asString().equals(path))
                .mapToInt(p -> p.path("errcodes").path(String.valueOf(errcode)).asInt(0))
                .sum();
    }

    JsonNode cgi(String path, Object body) throws Exception {
        JsonNode answer = json(call("POST", path + "?access_token=" + token(), body));
        assertThat(answer.path("errcode").asInt()).as(answer.toString()).isZero();
        return answer;
    }

    private String token() throws Exception {
        return json(call("GET", "/cgi-bin/gettoken?corpid=" + corpId + "&corpsecret=sim-secret", null))
                .path("access_token")
                .asString();
    }

    public HttpResponse<String> call(String method, String path, @Nullable Object body) throws Exception {
        return control.call(method, path, body);
    }

    JdbcTemplate db() {
        return new JdbcTemplate(owner);
    }

    static JsonNode json(HttpResponse<String> response) {
        return SimulatorControl.json(response);
    }
}
