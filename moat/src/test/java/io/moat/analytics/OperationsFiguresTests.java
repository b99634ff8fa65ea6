package io.moat.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.messaging.SendSettled;
import io.moat.messaging.SendState;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.tasks.TaskAssigned;
import io.moat.tasks.TaskClosed;
import io.moat.tasks.TaskId;
import io.moat.tasks.TaskStatus;
import io.moat.tasks.TaskSubject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The overview's operations figures (docs/metrics.md, "Overview: operations") against a fixture computed by hand,
 * from the events messaging and tasks publish (Asia/Shanghai, November 2026):
 *
 * <pre>
 * send 1  sent                          Nov 10 12:00
 * send 2  sent                          Nov 10 23:59   (still Nov 10 locally; Nov 10 15:59 UTC)
 * send 3  skipped opted_out             Nov 11 09:00
 * send 4  skipped not_a_friend          Nov 11 10:00   (its event arrives twice: counted once)
 * send 5  skipped not_a_friend          Nov 12 08:00
 * send 6  failed  wecom_41054           Nov 11 11:00
 * send 7  sent                          Nov 13 00:00   (the first instant after the period)
 * send 8  failed  unconfirmed           Nov 9 23:59    (the last instant before it)
 *
 * Nov 10 – Nov 12 (to = Nov 13, exclusive): sent 2; skipped 3 (opted_out 1, not_a_friend 2); failed 1 (wecom_41054 1).
 * Nov 13 alone: sent 1. Nov 9 alone: failed 1 (unconfirmed 1).
 *
 * task 1  assigned, due yesterday, open          → waiting, overdue
 * task 2  assigned, due in a day, open           → waiting
 * task 3  assigned, then done                    → not waiting
 * task 4  closed (dismissed) before its assignment is seen, then assigned → not waiting
 * Tasks waiting 2, overdue 1 (now, whatever the period).
 * </pre>
 */
@MoatTest
class OperationsFiguresTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

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
    String token;
    String slug;
    TenantId tenant;

    @BeforeEach
    void fixture() {
        api = new Api(port);
        token = api.admin();
        slug = "ops-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        var created = api.post(
                "/api/v1/workspaces", token, Map.of("slug", slug, "name", "Ops " + slug, "timezone", "Asia/Shanghai"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        tenant = new TenantId(new JdbcTemplate(owner)
                .queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));

        settle(1, SendState.SENT, null, local(10, 12, 0));
        settle(2, SendState.SENT, null, local(10, 23, 59));
        settle(3, SendState.SKIPPED, "opted_out", local(11, 9, 0));
        settle(4, SendState.SKIPPED, "not_a_friend", local(11, 10, 0));
        settle(4, SendState.SKIPPED, "not_a_friend", local(11, 10, 0));
        settle(5, SendState.SKIPPED, "not_a_friend", local(12, 8, 0));
        settle(6, SendState.FAILED, "wecom_41054", local(11, 11, 0));
        settle(7, SendState.SENT, null, local(13, 0, 0));
        settle(8, SendState.FAILED, "unconfirmed", local(9, 23, 59));

        Instant now = Instant.now();
        assign(1, now.minusSeconds(86_400));
        assign(2, now.plusSeconds(86_400));
        assign(3, now.plusSeconds(86_400));
        close(3, TaskStatus.DONE);
        close(4, TaskStatus.DISMISSED);
        assign(4, now.plusSeconds(86_400));
    }

    @Test
    void sendsByFinalStateAndReasonInThePeriodAndTasksWaitingNow() {
        JsonNode figures = operations("2026-11-10", "2026-11-13");
        JsonNode sends = figures.path("sends");
        assertThat(sends.path("sent").asLong()).as(figures.toString()).isEqualTo(2);
        assertThat(sends.path("skipped").asLong()).isEqualTo(3);
        assertThat(sends.path("failed").asLong()).isEqualTo(1);
        assertThat(sends.path("skippedByReason").path("opted_out").asLong()).isEqualTo(1);
        assertThat(sends.path("skippedByReason").path("not_a_friend").asLong()).isEqualTo(2);
        assertThat(sends.path("failedByReason").size()).isEqualTo(1);
        assertThat(sends.path("failedByReason").path("wecom_41054").asLong()).isEqualTo(1);
        assertThat(figures.path("tasks").path("waiting").asLong()).isEqualTo(2);
        assertThat(figures.path("tasks").path("overdue").asLong()).isEqualTo(1);
    }

    @Test
    void thePeriodsEdgesAreTheWorkspacesMidnights() {
        JsonNode after = operations("2026-11-13", "2026-11-14").path("sends");
        assertThat(after.path("sent").asLong()).isEqualTo(1);
        assertThat(after.path("skipped").asLong() + after.path("failed").asLong())
                .isZero();
        JsonNode before = operations("2026-11-09", "2026-11-10").path("sends");
        assertThat(before.path("failed").asLong()).isEqualTo(1);
        assertThat(before.path("failedByReason").path("unconfirmed").asLong()).isEqualTo(1);
        assertThat(before.path("sent").asLong()).isZero();
    }

    @Test
    void aPeriodThatEndsBeforeItStartsIsAProblemNamingTo() {
        var answer =
                api.get("/api/v1/workspaces/" + slug + "/analytics/operations?from=2026-11-10&to=2026-11-10", token);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("type").asString()).isEqualTo("urn:moat:problem:invalid-period");
    }

    private JsonNode operations(String from, String to) {
        var answer = api.get("/api/v1/workspaces/" + slug + "/analytics/operations?from=" + from + "&to=" + to, token);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.body();
    }

    private static Instant local(int day, int hour, int minute) {
        return LocalDateTime.of(2026, 11, day, hour, minute).atZone(SHANGHAI).toInstant();
    }

    private void settle(long send, SendState state, String reason, Instant at) {
        publish(new SendSettled(tenant, send, "fixture/" + send, state, reason, null, null, "j1", "s1", at));
    }

    private void assign(long task, Instant due) {
        publish(new TaskAssigned(tenant, new TaskId(task), "call", "zhangsan", "回访", due));
    }

    private void close(long task, TaskStatus status) {
        publish(new TaskClosed(
                tenant,
                new TaskId(task),
                "call",
                status,
                "zhangsan",
                Instant.now(),
                new TaskSubject(1L, null, null),
                null));
    }

    /** Inside a committed transaction of the workspace, as the modules publish them. */
    private void publish(Object event) {
        CallContext.forTenant(tenant, "test")
                .run(() -> transactions.executeWithoutResult(s -> events.publishEvent(event)));
    }
}
