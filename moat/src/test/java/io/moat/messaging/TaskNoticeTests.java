package io.moat.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.shared.schedule.DueWorkRunner;
import io.moat.tasks.NewTask;
import io.moat.tasks.StaffTasks;
import io.moat.tasks.Task;
import io.moat.tasks.TaskSubject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** A task given to a staff member queues exactly one app notice to them, keyed by the task. */
@MoatTest
class TaskNoticeTests {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Autowired
    StaffTasks tasks;

    @Autowired
    StaffNotifications notifications;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    DueWorkRunner runner;

    @Test
    void anAssignedTaskIsAnnouncedToItsAssigneeOnce() {
        Api api = new Api(port);
        String slug = api.newWorkspace(api.admin());
        TenantId tenant = new TenantId(new JdbcTemplate(owner)
                .queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
        var task = new NewTask(
                "community.guard-removal",
                "lisi",
                TaskSubject.member("wr-notice", "wm-notice"),
                "移除发广告的成员",
                "第二次发广告",
                Map.of(),
                Instant.now().plus(1, ChronoUnit.DAYS),
                "notice-" + slug);
        Task first = CallContext.forTenant(tenant, "test").call(() -> tasks.assign(tenant, task));
        Task again = CallContext.forTenant(tenant, "test").call(() -> tasks.assign(tenant, task));

        var notice = CallContext.forTenant(tenant, "test")
                .call(() -> transactions.execute(
                        status -> notifications.find("task:" + first.id().value())))
                .orElseThrow();
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(notice.staffUserId()).isEqualTo("lisi");
        assertThat(notice.text()).isEqualTo("新任务：移除发广告的成员");
        Long notices = new JdbcTemplate(owner)
                .queryForObject(
                        "select count(*) from messaging.staff_notice where tenant_id = ? and notice_key like 'task:%'",
                        Long.class, tenant.value());
        assertThat(notices).isEqualTo(1L);

        runner.drain(Instant.now());
        var delivered = CallContext.forTenant(tenant, "test")
                .call(() -> transactions.execute(
                        status -> notifications.find("task:" + first.id().value())))
                .orElseThrow();
        assertThat(delivered.state())
                .as("a workspace without WeCom fails the notice at once, not after retries")
                .isEqualTo("failed");
        assertThat(delivered.reason()).isEqualTo("wecom_not_configured");
    }
}
