package io.moat.tags;

import io.moat.Api;
import io.moat.commerce.BuyerIdentity;
import io.moat.commerce.OrderStatus;
import io.moat.commerce.OrdersRecorded;
import io.moat.commerce.Platform;
import io.moat.commerce.RecordedOrder;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.wecom.ContactRefreshed;
import io.moat.wecom.CustomerAdded;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A workspace with customers made the way production makes them: WeCom adds and refreshes and recorded orders are
 * published as events, and the customers module builds the profiles. Reads go through the API or, for ids, the
 * owner's connection.
 */
public final class TagFixtures {

    public final Api api;
    public final String admin;
    public final String slug;
    public final TenantId tenant;
    private final JdbcTemplate db;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;

    public TagFixtures(int port, DataSource owner, ApplicationEventPublisher events, TransactionTemplate transactions) {
        this.api = new Api(port);
        this.admin = api.admin();
        this.slug = api.newWorkspace(admin);
        this.db = new JdbcTemplate(owner);
        this.tenant = new TenantId(
                db.queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
        this.events = events;
        this.transactions = transactions;
    }

    public String path(String rest) {
        return "/api/v1/workspaces/" + slug + rest;
    }

    /** A customer adds a staff member (through a channel code if {@code state} is set); returns the profile id. */
    public long added(String externalUserId, String staff, @Nullable String state) {
        publish(new CustomerAdded(tenant, externalUserId, staff, state, null, Instant.now()));
        return customer(externalUserId);
    }

    /** WeCom's view of a customer with their unionid, so orders by that unionid join the profile. */
    public void refreshed(String externalUserId, String unionid) {
        publish(new ContactRefreshed(tenant, externalUserId, "客户", 0, unionid, List.of(), List.of(), Instant.now()));
    }

    public void ordered(long orderId, BuyerIdentity buyer, long paidFen, long refundedFen, Instant paidAt) {
        OrderStatus status = refundedFen > 0 ? OrderStatus.REFUNDED : OrderStatus.PAID;
        publish(new OrdersRecorded(
                tenant,
                List.of(new RecordedOrder(
                        orderId, Platform.TAOBAO, "T" + orderId, status, paidFen, refundedFen, paidAt, buyer))));
    }

    public void publish(Object event) {
        CallContext.forTenant(tenant, "test")
                .run(() -> transactions.executeWithoutResult(status -> events.publishEvent(event)));
    }

    public long customer(String externalUserId) {
        return db.queryForObject(
                "select customer_id from customers.identity where tenant_id = ? and kind = 'external_userid' and value = ?",
                Long.class,
                tenant.value(),
                externalUserId);
    }

    public long customerByIdentity(String kind, String value) {
        return db.queryForObject(
                "select customer_id from customers.identity where tenant_id = ? and kind = ? and value = ?",
                Long.class,
                tenant.value(),
                kind,
                value);
    }

    /** Creates a group with tags through the API; returns the group as answered. */
    public JsonNode group(String name, String kind, List<String> tags) {
        var answer = api.post(path("/tags/groups"), admin, Map.of("name", name, "kind", kind, "tags", tags));
        if (answer.status() != 201) {
            throw new AssertionError("could not create group " + name + ": " + answer);
        }
        return answer.body();
    }

    public static long tagId(JsonNode group, String name) {
        return group.path("tags")
                .valueStream()
                .filter(tag -> tag.path("name").asString().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no tag " + name + " in " + group))
                .path("id")
                .asLong();
    }

    /** Names of the tags a customer carries, as the profile shows them. */
    public List<String> tagsOf(long customer) {
        return api.get(path("/customers/" + customer + "/tags"), admin)
                .body()
                .path("tags")
                .valueStream()
                .map(tag -> tag.path("name").asString())
                .toList();
    }
}
