package io.moat.audiences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moat.MoatTest;
import io.moat.commerce.BuyerIdentity;
import io.moat.customers.CustomerId;
import io.moat.shared.Problem;
import io.moat.tags.TagFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audiences API on a hand-made workspace whose customers are made the way production makes them (WeCom adds,
 * recorded orders, tags through the API):
 *
 * <pre>
 * customer  channel (staff)     orders                          tags
 * 王 wang    pkgcard (zhangsan)  300.00 paid 10 days ago         A
 * 李 li      — (marketplace)     50.00 paid 200 days ago         —
 * 赵 zhao    live (lisi)         —                               A, B
 * </pre>
 */
@MoatTest
class AudiencesTests {

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Audiences audiences;

    TagFixtures shop;
    CustomerId wang;
    CustomerId li;
    CustomerId zhao;
    long a;
    long b;

    @BeforeEach
    void fixture() {
        shop = new TagFixtures(port, owner, events, transactions);
        Instant now = Instant.now();
        wang = new CustomerId(shop.added("wm-wang", "zhangsan", "pkgcard"));
        shop.refreshed("wm-wang", "union-wang");
        shop.ordered(
                1, new BuyerIdentity(null, null, "union-wang", null, null), 30_000, 0, now.minus(Duration.ofDays(10)));
        shop.ordered(3, new BuyerIdentity("li", "tb-li", null, null, null), 5_000, 0, now.minus(Duration.ofDays(200)));
        li = new CustomerId(shop.customerByIdentity("buyer", "taobao:tb-li"));
        zhao = new CustomerId(shop.added("wm-zhao", "lisi", "live"));
        var group = shop.group("兴趣", "manual", List.of("A", "B"));
        a = TagFixtures.tagId(group, "A");
        b = TagFixtures.tagId(group, "B");
        tag(wang, List.of(a), List.of());
        tag(zhao, List.of(a, b), List.of());
    }

    @Autowired
    io.moat.customers.CustomerFieldValues fieldValues;

    @Test
    void groupMembershipFollowsWecomJoinsLeavesAndDismissals() {
        var inGroup = new AudienceCondition.InGroup(java.util.Set.of("chat-vip"));
        assertThat(audiences.count(shop.tenant, inGroup)).isZero();

        // A customer and a stranger (no profile) join: the customer is in at once.
        shop.publish(new io.moat.wecom.MembersJoined(
                shop.tenant, "chat-vip", List.of("wm-wang", "wm-stranger"), 0, Instant.now()));
        assertThat(audiences.members(shop.tenant, inGroup, null, 10).customers())
                .containsExactly(wang);
        shop.publish(new io.moat.wecom.MembersJoined(shop.tenant, "chat-vip", List.of("wm-zhao"), 3, Instant.now()));
        assertThat(audiences.count(shop.tenant, inGroup)).isEqualTo(2);

        shop.publish(new io.moat.wecom.MembersLeft(shop.tenant, "chat-vip", List.of("wm-wang"), 0, Instant.now()));
        assertThat(audiences.members(shop.tenant, inGroup, null, 10).customers())
                .containsExactly(zhao);
        assertThat(audiences
                        .explain(shop.tenant, zhao, inGroup)
                        .reasons()
                        .getFirst()
                        .detail())
                .isEqualTo("in group chat-vip");

        shop.publish(new io.moat.wecom.GroupDismissed(shop.tenant, "chat-vip", Instant.now()));
        assertThat(audiences.count(shop.tenant, inGroup)).isZero();
    }

    @Test
    void memberLevelAndOtherCustomFieldsFollowTheirChanges() {
        new org.springframework.jdbc.core.JdbcTemplate(owner).update("""
                        insert into customers.field_definition (tenant_id, key, label, type, choices, created_at)
                        values (?, 'member_level', '会员等级', 'choice', '{金卡,银卡}', now()),
                               (?, 'points', '积分', 'number', '{}', now())""", shop.tenant.value(), shop.tenant.value());
        var gold = audiences.parse("{\"v\":1,\"field\":{\"key\":\"member_level\",\"in\":[\"金卡\"]}}");
        var rich = audiences.parse("{\"v\":1,\"field\":{\"key\":\"points\",\"min\":\"100\"}}");
        assertThat(audiences.count(shop.tenant, gold)).isZero();

        // Through the customers module's public API, as a journey's field step sets it: the index follows.
        setField(wang, "member_level", "金卡");
        setField(zhao, "member_level", "银卡");
        setField(wang, "points", "99.5");
        setField(zhao, "points", "1000");
        assertThat(audiences.members(shop.tenant, gold, null, 10).customers()).containsExactly(wang);
        assertThat(audiences.members(shop.tenant, rich, null, 10).customers()).containsExactly(zhao);
        assertThat(audiences
                        .explain(shop.tenant, wang, rich)
                        .reasons()
                        .getFirst()
                        .detail())
                .isEqualTo("points is 99.5");

        setField(wang, "member_level", null);
        setField(zhao, "member_level", "金卡");
        assertThat(audiences.members(shop.tenant, gold, null, 10).customers()).containsExactly(zhao);
    }

    private void setField(CustomerId customer, String key, String value) {
        io.moat.shared.context.CallContext.forTenant(shop.tenant, "test")
                .run(() -> transactions.executeWithoutResult(
                        status -> fieldValues.set(shop.tenant, customer, key, value)));
    }

    @Test
    void tagsMatchAnyAllOrNone() {
        assertThat(members("{\"v\":1,\"tag\":{\"any\":[" + a + "]}}")).containsExactlyInAnyOrder(wang, zhao);
        assertThat(members("{\"v\":1,\"tag\":{\"all\":[" + a + "," + b + "]}}")).containsExactly(zhao);
        assertThat(members("{\"v\":1,\"tag\":{\"none\":[" + a + "]}}")).containsExactly(li);
        assertThat(audiences.count(shop.tenant, audiences.parse("{\"v\":1,\"tag\":{\"any\":[999999]}}")))
                .isZero();
    }

    @Test
    void ordersChannelsAndStaff() {
        assertThat(members("{\"v\":1,\"lastOrder\":{\"withinDays\":30}}")).containsExactly(wang);
        assertThat(members("{\"v\":1,\"not\":{\"lastOrder\":{\"withinDays\":30}}}"))
                .containsExactlyInAnyOrder(li, zhao);
        assertThat(members("{\"v\":1,\"orders\":{\"min\":1}}")).containsExactlyInAnyOrder(wang, li);
        assertThat(members("{\"v\":1,\"spend\":{\"minFen\":10000}}")).containsExactly(wang);
        assertThat(members("{\"v\":1,\"channel\":{\"touch\":\"first\",\"any\":[\"pkgcard\"]}}"))
                .containsExactly(wang);
        assertThat(members("{\"v\":1,\"staff\":{\"any\":[\"lisi\"]}}")).containsExactly(zhao);
        assertThat(members("{\"v\":1,\"added\":{\"withinDays\":0}}")).containsExactlyInAnyOrder(wang, zhao);
        assertThat(members("{\"v\":1,\"consent\":\"granted\"}")).containsExactlyInAnyOrder(wang, li, zhao);
        assertThat(members("{\"v\":1,\"any\":[]}")).isEmpty();
        assertThat(members("{\"v\":1,\"all\":[]}")).containsExactlyInAnyOrder(wang, li, zhao);
    }

    @Test
    void explainsOneCustomer() {
        var condition = audiences.parse(
                "{\"v\":1,\"all\":[{\"tag\":{\"any\":[" + a + "]}},{\"lastOrder\":{\"withinDays\":30}}]}");
        var why = audiences.explain(shop.tenant, wang, condition);
        assertThat(why.member()).isTrue();
        assertThat(why.reasons())
                .extracting(Explanation.Reason::detail)
                .containsExactly("carries tag " + a, "last order 10 days ago");
        var whyNot = audiences.explain(shop.tenant, zhao, condition);
        assertThat(whyNot.member()).isFalse();
        assertThat(whyNot.reasons()).containsExactly(new Explanation.Reason("lastOrder", false, "no counting order"));
        assertThat(audiences.matches(shop.tenant, zhao, condition)).isFalse();
        assertThatThrownBy(() -> audiences.explain(shop.tenant, new CustomerId(-1), condition))
                .isInstanceOf(Problem.class)
                .hasMessageContaining("No customer");
    }

    @Test
    void followsTagChangesAsTheyCommit() {
        var condition = audiences.parse("{\"v\":1,\"tag\":{\"any\":[" + a + "]}}");
        tag(wang, List.of(), List.of(a));
        assertThat(audiences.matches(shop.tenant, wang, condition)).isFalse();
        assertThat(audiences.count(shop.tenant, condition)).isEqualTo(1);
        tag(li, List.of(a), List.of());
        assertThat(members(audiences.json(condition))).containsExactlyInAnyOrder(li, zhao);
    }

    @Test
    void pagesMembersByKey() {
        var everyone = audiences.parse("{\"v\":1,\"all\":[]}");
        var first = audiences.members(shop.tenant, everyone, null, 2);
        assertThat(first.customers()).hasSize(2);
        assertThat(first.next()).isEqualTo(first.customers().get(1));
        var second = audiences.members(shop.tenant, everyone, first.next(), 2);
        assertThat(second.customers()).hasSize(1).doesNotContainAnyElementsOf(first.customers());
        assertThat(second.next()).isNull();
    }

    @Test
    void workspacesSeeOnlyTheirOwnCustomers() {
        var other = new TagFixtures(port, owner, events, transactions);
        other.added("wm-other", "zhangsan", "pkgcard");
        var fromPkgcard = audiences.parse("{\"v\":1,\"channel\":{\"any\":[\"pkgcard\"]}}");
        assertThat(audiences.count(shop.tenant, fromPkgcard)).isEqualTo(1);
        assertThat(audiences.count(other.tenant, fromPkgcard)).isEqualTo(1);
        assertThat(audiences.members(other.tenant, fromPkgcard, null, 10).customers())
                .doesNotContain(wang);
    }

    private List<CustomerId> members(String json) {
        return audiences.members(shop.tenant, audiences.parse(json), null, 100).customers();
    }

    private void tag(CustomerId customer, List<Long> add, List<Long> remove) {
        var answer = shop.api.post(
                shop.path("/customers/" + customer.value() + "/tags"),
                shop.admin,
                Map.of("add", add, "remove", remove));
        assertThat(answer.status()).as(answer.toString()).isLessThan(300);
    }
}
