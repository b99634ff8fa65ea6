package io.moat.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.RecordedEvents;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The task list through its module API and the console's endpoints: idempotent assignment with one event, each
 * task closed exactly once (done, dismissed or expired) with who and when, filters, refusals and workspace
 * isolation.
 */
@MoatTest
class StaffTaskTests {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Autowired
    StaffTasks tasks;

    @Autowired
    RecordedEvents recorded;

    Api api;
    String admin;
    String slug;
    TenantId tenant;

    @BeforeEach
    void workspace() {
        api = new Api(port);
        admin = api.admin();
        slug = api.newWorkspace(admin);
        tenant = new TenantId(new JdbcTemplate(owner)
                .queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
    }

    private Task assign(String kind, String assignee, String chatId, String sourceKey, Instant due) {
        return CallContext.forTenant(tenant, "test")
                .call(() -> tasks.assign(
                        tenant,
                        new NewTask(
                                kind,
                                assignee,
                                TaskSubject.member(chatId, "wm-" + sourceKey),
                                "移除成员",
                                "第二次发广告",
                                Map.of("hits", 2, "words", java.util.List.of("加微信")),
                                due,
                                sourceKey)));
    }

    private String path(String rest) {
        return "/api/v1/workspaces/" + slug + "/tasks" + rest;
    }

    @Test
    void theSameSourceKeyMakesOneTaskAndOneEvent() {
        Instant due = Instant.now().plus(1, ChronoUnit.DAYS);
        Task first = assign("community.guard-removal", "zhangsan", "wr-1", "k-" + slug, due);
        Task again = assign("community.guard-removal", "zhangsan", "wr-1", "k-" + slug, due);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(first.status()).isEqualTo(TaskStatus.OPEN);
        assertThat(first.evidence()).contains("加微信");
        assertThat(recorded.of(TaskAssigned.class).stream()
                        .filter(e -> e.tenant().equals(tenant)))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.task()).isEqualTo(first.id());
                    assertThat(e.assignee()).isEqualTo("zhangsan");
                });
    }

    @Test
    void aTaskClosesOnceAndTheListFilters() {
        Instant due = Instant.now().plus(1, ChronoUnit.DAYS);
        Task a = assign("community.guard-removal", "zhangsan", "wr-1", "a", due);
        Task b = assign("community.inactive-removal", "lisi", "wr-2", "b", due);
        assign("community.inactive-removal", "lisi", "wr-2", "c", due);

        var done = api.post(path("/" + a.id().value() + "/complete"), admin, Map.of("note", "已移出"));
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.text("status")).isEqualTo("done");
        assertThat(done.text("closedBy")).isNotBlank();
        assertThat(done.text("closingNote")).isEqualTo("已移出");

        var twice = api.post(path("/" + a.id().value() + "/dismiss"), admin, Map.of());
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.text("type")).isEqualTo("urn:moat:problem:task-closed");

        var dismissed = api.post(path("/" + b.id().value() + "/dismiss"), admin, Map.of("note", "VIP"));
        assertThat(dismissed.text("status")).isEqualTo("dismissed");

        assertThat(api.get(path("?status=open"), admin).body().path("items").size())
                .isEqualTo(1);
        assertThat(api.get(path("?assignee=lisi"), admin).body().path("items").size())
                .isEqualTo(2);
        assertThat(api.get(path("?kind=community.guard-removal"), admin)
                        .body()
                        .path("items")
                        .get(0)
                        .path("id")
                        .asLong())
                .isEqualTo(a.id().value());
        var bad = api.get(path("?status=later"), admin);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(Api.fields(bad)).containsExactly("status");

        assertThat(recorded.of(TaskClosed.class).stream().filter(e -> e.tenant().equals(tenant)))
                .extracting(TaskClosed::status)
                .containsExactlyInAnyOrder(TaskStatus.DONE, TaskStatus.DISMISSED);
    }

    @Test
    void overdueOpenTasksExpireAndClosedOnesStay() {
        Instant past = Instant.now().minus(1, ChronoUnit.HOURS);
        Task overdue = assign("community.guard-warning", "zhangsan", "wr-1", "o", past);
        Task closed = assign("community.guard-warning", "zhangsan", "wr-1", "p", past);
        Task later = assign("community.guard-warning", "zhangsan", "wr-1", "q", past.plus(2, ChronoUnit.DAYS));
        api.post(path("/" + closed.id().value() + "/complete"), admin, Map.of());

        int expired = CallContext.forTenant(tenant, "test").call(() -> tasks.expireOverdue(tenant));

        assertThat(expired).isEqualTo(1);
        assertThat(api.get(path("/" + overdue.id().value()), admin).text("status"))
                .isEqualTo("expired");
        assertThat(api.get(path("/" + closed.id().value()), admin).text("status"))
                .isEqualTo("done");
        assertThat(api.get(path("/" + later.id().value()), admin).text("status"))
                .isEqualTo("open");
    }

    @Test
    void handWrittenTasksNeedASubjectAndStayInTheirWorkspace() {
        var missing = api.post(path(""), admin, Map.of("assignee", "zhangsan", "title", "回访"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(Api.fields(missing)).containsExactly("chatId");
        var created = api.post(path(""), admin, Map.of("assignee", "zhangsan", "title", "回访", "chatId", "wr-9"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        String other = api.newWorkspace(admin);
        var elsewhere = api.get(
                "/api/v1/workspaces/" + other + "/tasks/"
                        + created.body().path("id").asLong(),
                admin);
        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(api.get("/api/v1/workspaces/" + other + "/tasks", admin)
                        .body()
                        .path("items")
                        .size())
                .isZero();

        String analyst = api.memberWithRole(admin, slug, "analyst");
        assertThat(api.get(path(""), analyst).status()).isEqualTo(200);
        assertThat(api.post(path("/" + created.body().path("id").asLong() + "/complete"), analyst, Map.of())
                        .status())
                .isEqualTo(403);
    }
}
