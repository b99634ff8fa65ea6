package io.moat.tags.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.MoatTest;
import io.moat.commerce.BuyerIdentity;
import io.moat.shared.context.CallContext;
import io.moat.tags.TagFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rule tags follow customers without anyone asking: the minute sweep evaluates a new rule in full, then only the
 * customers whose facts changed since (a new fan, a linked order).
 */
@MoatTest
class RuleSweepTests {

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
    RuleTags rules;

    @Test
    void aNewRuleAndLaterChangesAreSweptIn() {
        TagFixtures shop = new TagFixtures(port, owner, events, transactions);
        long buyer = shop.added("wm-sweep-buyer", "zhangsan", "pkgcard");
        shop.refreshed("wm-sweep-buyer", "union-sweep");
        shop.ordered(
                11,
                new BuyerIdentity(null, null, "union-sweep", null, null),
                9_900,
                0,
                Instant.now().minus(Duration.ofDays(3)));
        long rulesGroup = shop.group("自动", "rule", List.of()).path("id").asLong();
        var created = shop.api.post(
                shop.path("/tags/groups/" + rulesGroup + "/tags"),
                shop.admin,
                Map.of("name", "两单以上", "condition", Map.of("type", "orderCountAtLeast", "count", 2)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        var card = shop.api.post(
                shop.path("/tags/groups/" + rulesGroup + "/tags"),
                shop.admin,
                Map.of("name", "包裹卡来的", "condition", Map.of("type", "cameFromChannel", "state", "pkgcard")));
        assertThat(card.status()).isEqualTo(201);

        sweep(shop);
        assertThat(shop.tagsOf(buyer)).containsExactly("包裹卡来的");

        shop.ordered(12, new BuyerIdentity(null, null, "union-sweep", null, null), 9_900, 0, Instant.now());
        long fan = shop.added("wm-sweep-fan", "lisi", "pkgcard");
        sweep(shop);

        assertThat(shop.tagsOf(buyer)).containsExactlyInAnyOrder("两单以上", "包裹卡来的");
        assertThat(shop.tagsOf(fan)).containsExactly("包裹卡来的");
    }

    private void sweep(TagFixtures shop) {
        CallContext.forTenant(shop.tenant, "test").run(() -> rules.sweep(shop.tenant));
    }
}
