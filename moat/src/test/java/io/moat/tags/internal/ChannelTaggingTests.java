package io.moat.tags.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.MoatTest;
import io.moat.tags.TagFixtures;
import io.moat.wecom.ContactRefreshed;
import io.moat.wecom.CustomerAdded;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A customer who adds staff through a channel code gets the channel's tags: a channel-group tag named as the
 * code's state, and the tags mapped to the state. Tags earned before the profile exists wait for it.
 */
@MoatTest
class ChannelTaggingTests {

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
    ChannelTagging channelTagging;

    TagFixtures shop;

    @BeforeEach
    void workspace() {
        shop = new TagFixtures(port, owner, events, transactions);
    }

    @Test
    void aChannelTagNamedAsTheStateIsGivenOnTheAdd() {
        shop.group("渠道来源", "channel", List.of("pkgcard-01", "live-0101"));

        long scanned = shop.added("wm-card", "zhangsan", "pkgcard-01");
        long plain = shop.added("wm-plain", "zhangsan", null);

        assertThat(shop.tagsOf(scanned)).containsExactly("pkgcard-01");
        JsonNode shown = shop.api
                .get(shop.path("/customers/" + scanned + "/tags"), shop.admin)
                .body()
                .path("tags")
                .get(0);
        assertThat(shown.path("source").asString()).isEqualTo("channel");
        assertThat(shown.path("assignedBy").asString()).isEqualTo("channel:pkgcard-01");
        assertThat(shop.tagsOf(plain)).isEmpty();
    }

    @Test
    void aStateMappedToTagsGivesThoseTags() {
        JsonNode welfare = shop.group("福利", "manual", List.of("新客礼", "老客礼"));
        long gift = TagFixtures.tagId(welfare, "新客礼");
        var mapped = shop.api.call(
                HttpMethod.PUT, shop.path("/tags/channels/sms-1111"), shop.admin, Map.of("tagIds", List.of(gift)));
        assertThat(mapped.status()).as(mapped.toString()).isEqualTo(200);
        assertThat(shop.api
                        .get(shop.path("/tags/channels"), shop.admin)
                        .body()
                        .get(0)
                        .path("state")
                        .asString())
                .isEqualTo("sms-1111");

        long customer = shop.added("wm-sms", "lisi", "sms-1111");
        long elsewhere = shop.added("wm-else", "lisi", "other");

        assertThat(shop.tagsOf(customer)).containsExactly("新客礼");
        assertThat(shop.tagsOf(elsewhere)).isEmpty();
    }

    @Test
    void tagsEarnedBeforeTheProfileExistsWaitForIt() {
        shop.group("渠道", "channel", List.of("early-bird"));

        channelTagging.on(new CustomerAdded(shop.tenant, "wm-early", "zhangsan", "early-bird", null, Instant.now()));
        assertThat(new JdbcTemplate(owner)
                        .queryForObject(
                                "select count(*) from tags.channel_arrival where tenant_id = ?",
                                Long.class,
                                shop.tenant.value()))
                .isEqualTo(1);
        shop.publish(new ContactRefreshed(shop.tenant, "wm-early", "早鸟", 0, null, List.of(), List.of(), Instant.now()));

        long customer = shop.customer("wm-early");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(shop.tagsOf(customer))
                .containsExactly("early-bird"));
        assertThat(new JdbcTemplate(owner)
                        .queryForObject(
                                "select count(*) from tags.channel_arrival where tenant_id = ?",
                                Long.class,
                                shop.tenant.value()))
                .isZero();
    }
}
