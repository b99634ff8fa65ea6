package io.moat.wecom.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.RecordedEvents;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.wecom.CustomerAdded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inbox applies a page of events per transaction, each exactly once, and one failing event costs the others of its
 * page nothing: they are applied, in order, and the failure is recorded on that event alone. WeCom's API is
 * unreachable here, so a group's create event (which must fetch the group) fails, while an add (whose details are
 * fetched on a best-effort basis) goes through.
 */
@MoatTest
class InboxPageTests {

    @LocalServerPort
    int port;

    @Autowired
    Inbox inbox;

    @Autowired
    InboxWorker worker;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    RecordedEvents events;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    TenantId tenant;
    JdbcTemplate db;

    @BeforeEach
    void workspaceWithUnreachableWecom() {
        Api api = new Api(port);
        String admin = api.admin();
        String slug = api.newWorkspace(admin);
        var saved = api.call(
                HttpMethod.PUT,
                "/api/v1/workspaces/" + slug + "/wecom/config",
                admin,
                Map.of(
                        "corpId",
                        "wwinboxpage0001",
                        "agentId",
                        1000002,
                        "secret",
                        "s3cret",
                        "token",
                        "InboxPageToken1",
                        "encodingAesKey",
                        "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
                        "apiBaseUrl",
                        "http://127.0.0.1:9"));
        assertThat(saved.status()).isEqualTo(200);
        db = new JdbcTemplate(owner);
        tenant = new TenantId(
                db.queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
    }

    @Test
    void aPageOfEventsIsAppliedInOneTransactionEachOnce() {
        List<String> customers = new ArrayList<>();
        List<Map<String, String>> adds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String customer = customer();
            customers.add(customer);
            adds.add(add(customer, i));
        }
        store(adds);

        worker.drain(tenant);

        assertThat(db.queryForList(
                        "select attempts from wecom.inbox where tenant_id = ? and processed_at is not null",
                        Integer.class,
                        tenant.value()))
                .containsExactly(1, 1, 1, 1, 1);
        assertThat(db.queryForObject(
                        "select count(distinct processed_at) from wecom.inbox where tenant_id = ?",
                        Long.class,
                        tenant.value()))
                .as("one transaction marked the page processed")
                .isEqualTo(1);
        assertThat(events.of(CustomerAdded.class).stream()
                        .map(CustomerAdded::externalUserId)
                        .filter(customers::contains))
                .containsExactlyElementsOf(customers);
    }

    @Test
    void aFailingEventIsRecordedAloneAndTheOthersOfItsPageAreApplied() {
        String first = customer();
        String last = customer();
        store(List.of(
                add(first, 0),
                Map.of(
                        "ToUserName", "wwinboxpage0001",
                        "Event", "change_external_chat",
                        "ChangeType", "create",
                        "ChatId", "wrgroup-that-cannot-be-fetched",
                        "CreateTime", String.valueOf(Instant.now().getEpochSecond())),
                add(last, 2)));

        worker.drain(tenant);

        var rows = db.queryForList(
                "select change_type, attempts, processed_at is not null as processed, last_error is not null as error"
                        + " from wecom.inbox where tenant_id = ? order by id",
                tenant.value());
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsEntry("processed", true).containsEntry("attempts", 1);
        assertThat(rows.get(1))
                .containsEntry("processed", false)
                .containsEntry("attempts", 1)
                .containsEntry("error", true);
        assertThat(rows.get(2)).containsEntry("processed", true).containsEntry("attempts", 1);
        assertThat(db.queryForList(
                        "select external_user_id from wecom.follow where tenant_id = ? and external_user_id in (?, ?)",
                        String.class,
                        tenant.value(),
                        first,
                        last))
                .as("both adds reached the mirror although their first page was rolled back")
                .containsExactlyInAnyOrder(first, last);
    }

    private void store(List<Map<String, String>> fields) {
        CallContext.forTenant(tenant, "test")
                .run(() -> transactions.executeWithoutResult(status -> {
                    for (Map<String, String> event : fields) {
                        inbox.store(tenant, event, Instant.now());
                    }
                }));
    }

    private static Map<String, String> add(String customer, int n) {
        return Map.of(
                "ToUserName", "wwinboxpage0001",
                "Event", "change_external_contact",
                "ChangeType", "add_external_contact",
                "UserID", "zhangsan",
                "ExternalUserID", customer,
                "CreateTime", String.valueOf(Instant.now().getEpochSecond() + n));
    }

    private static String customer() {
        return "wm" + UUID.randomUUID().toString().replace("-", "");
    }
}
