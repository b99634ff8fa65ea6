package io.moat.community;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.MoatTest;
import io.moat.messaging.StaffNotifications;
import io.moat.shared.context.CallContext;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * De-duplication: customers in several live groups of one type are listed with their groups in joining order; one
 * click gives the owner of each later group a task (once), and each task reaches its owner as a WeCom app notice.
 */
@MoatTest
class DuplicateMembersTests {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Autowired
    StaffNotifications notifications;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aCustomerInTwoGroupsOfATypeIsListedAndTheLaterGroupsOwnerGetsOneTask() {
        var fixtures = new CommunityFixtures(port, owner);
        fixtures.group("wr-w1", "福利1群", "zhangsan", "welfare", 0);
        fixtures.group("wr-w2", "福利2群", "lisi", "welfare", 0);
        fixtures.group("wr-w3", "福利3群", "wangwu", "welfare", 0);
        fixtures.group("wr-t1", "引流群", "zhaoliu", "traffic", 0);
        // X: welfare 2 first, then 1 and 3; Y: one welfare group and a traffic group; Z: one group
        fixtures.member("wr-w2", "X", false, "member", "2026-11-01T10:00");
        fixtures.member("wr-w1", "X", false, "member", "2026-11-02T10:00");
        fixtures.member("wr-w3", "X", false, "member", "2026-11-03T10:00");
        fixtures.member("wr-w1", "Y", false, "member", "2026-11-01T10:00");
        fixtures.member("wr-t1", "Y", false, "member", "2026-11-01T11:00");
        fixtures.member("wr-w1", "Z", false, "member", "2026-11-01T10:00");
        fixtures.member("wr-w2", "zhangsan", true, "admin", "2026-11-01T10:00");
        fixtures.member("wr-w1", "zhangsan", true, "owner", "2026-11-01T10:00");

        var listed = fixtures.api.get(fixtures.path("/community/duplicates"), fixtures.admin);
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.body().size())
                .as("only X; staff in two groups are not customers")
                .isEqualTo(1);
        JsonNode x = listed.body().get(0);
        assertThat(x.path("memberId").asString()).isEqualTo("X");
        assertThat(x.path("chatIds").valueStream().map(JsonNode::asString).toList())
                .containsExactly("wr-w2", "wr-w1", "wr-w3");

        var first = fixtures.api.post(fixtures.path("/community/duplicates/tasks"), fixtures.admin, Map.of());
        var again = fixtures.api.post(fixtures.path("/community/duplicates/tasks"), fixtures.admin, Map.of());
        assertThat(first.body().path("count").asInt()).isEqualTo(2);
        assertThat(again.body().path("count").asInt()).as("one click twice").isZero();

        var tasks = fixtures.api
                .get(fixtures.path("/tasks?kind=community.duplicate-member&status=open"), fixtures.admin)
                .body()
                .path("items");
        List<String> assignees = tasks.valueStream()
                .map(t -> t.path("chatId").asString() + ":" + t.path("assignee").asString())
                .sorted()
                .toList();
        assertThat(assignees).containsExactly("wr-w1:zhangsan", "wr-w3:wangwu");
        for (JsonNode task : tasks) {
            var notice = CallContext.forTenant(fixtures.tenant, "test")
                    .call(() -> transactions.execute(status ->
                            notifications.find("task:" + task.path("id").asLong())))
                    .orElseThrow();
            assertThat(notice.staffUserId()).isEqualTo(task.path("assignee").asString());
            assertThat(notice.text()).isEqualTo("新任务：成员重复入群");
        }

        fixtures.db()
                .update(
                        "update community.member set left_at = now() where tenant_id = ? and chat_id = 'wr-w1' and member_id = 'X'",
                        fixtures.tenant.value());
        fixtures.db()
                .update(
                        "update community.group_profile set dismissed_at = now() where tenant_id = ? and chat_id = 'wr-w3'",
                        fixtures.tenant.value());
        assertThat(fixtures.api
                        .get(fixtures.path("/community/duplicates"), fixtures.admin)
                        .body()
                        .size())
                .as("X left one group and another was dismissed")
                .isZero();
    }
}
