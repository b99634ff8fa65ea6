package io.moat.customers;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.wecom.ContactRefreshed;
import io.moat.wecom.CustomerAdded;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Exports of a customer list, and a customer's opt-out. */
@MoatTest
class CustomerExportTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    Api api;
    String admin;
    String slug;
    TenantId tenant;

    @BeforeEach
    void threeCustomers() {
        api = new Api(port);
        admin = api.admin();
        slug = api.newWorkspace(admin);
        tenant = new TenantId(new JdbcTemplate(owner)
                .queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
        Instant added = Instant.now();
        CallContext.forTenant(tenant, "test")
                .run(() -> transactions.executeWithoutResult(status -> {
                    for (String name : new String[] {"王小明", "=HYPERLINK(\"x\")", "李雷, \"老李\""}) {
                        String customer = "wm" + Integer.toHexString(name.hashCode()) + "export";
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
    }

    @Test
    void csvKeepsChineseQuotesCommasAndNeverStartsAFormula() throws Exception {
        var answer = download("csv");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Disposition").orElse(""))
                .contains(".csv");
        String text = new String(answer.body(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF");
        String[] lines = text.substring(1).split("\r\n");
        assertThat(lines).hasSize(4);
        assertThat(text).contains("\"王小明\"").contains("\"李雷, \"\"老李\"\"\"").contains("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(text).contains("\"pkgcard-01\"");
        assertThat(new JdbcTemplate(owner)
                        .queryForObject(
                                "select detail ->> 'rows' from workspace.audit_event where tenant_id = ? and action = 'customer.exported'",
                                String.class,
                                tenant.value()))
                .isEqualTo("3");
    }

    @Test
    void excelHoldsTheSameRows() throws Exception {
        var answer = download("xlsx");

        assertThat(answer.statusCode()).isEqualTo(200);
        try (var workbook = new ReadableWorkbook(new ByteArrayInputStream(answer.body()))) {
            var rows = workbook.getFirstSheet().read();
            assertThat(rows).hasSize(4);
            assertThat(rows.stream().skip(1).map(row -> row.getCellText(1)))
                    .containsExactlyInAnyOrder("王小明", "=HYPERLINK(\"x\")", "李雷, \"老李\"");
        }
    }

    @Test
    void aCustomerOptsOutAndBackInOnTheTimeline() {
        long id = api.get("/api/v1/workspaces/" + slug + "/customers?limit=1", admin)
                .body()
                .path("items")
                .get(0)
                .path("id")
                .asLong();
        String path = "/api/v1/workspaces/" + slug + "/customers/" + id;

        assertThat(api.post(path + "/opt-out", admin, Map.of("reason", "不想收到活动"))
                        .status())
                .isEqualTo(204);
        assertThat(api.get(path, admin).body().path("optedOutAt").isMissingNode())
                .isFalse();
        assertThat(api.call(HttpMethod.DELETE, path + "/opt-out", admin, null).status())
                .isEqualTo(204);

        var profile = api.get(path, admin).body();
        assertThat(profile.path("optedOutAt").isMissingNode()
                        || profile.path("optedOutAt").isNull())
                .isTrue();
        assertThat(profile.path("timeline").valueStream().map(t -> t.path("kind")
                        .asString()))
                .contains("opted_out", "opted_in");
    }

    private HttpResponse<byte[]> download(String format) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/workspaces/" + slug
                                        + "/customers/export?format=" + format))
                                .header("Authorization", "Bearer " + admin)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }
}
