package io.moat.customers.internal;

import io.moat.customers.CustomerFactsChanged;
import io.moat.customers.CustomerId;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.wecom.ContactRefreshed;
import io.moat.wecom.ContactsRefreshed;
import io.moat.wecom.CustomerAdded;
import io.moat.wecom.CustomerRemoved;
import io.moat.wecom.MembersJoined;
import io.moat.wecom.MembersLeft;
import io.moat.wecom.StaffDeletedByCustomer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps profiles in step with WeCom: an add creates or finds the person and opens the staff relation, a deletion
 * closes it (recording who deleted whom), a refresh brings name and unionid. Runs after WeCom's transaction
 * commits, in the publishing thread so the inbox's order is kept; the event registry retries a failure. Every
 * write is idempotent.
 */
@Component
class WecomProjection {

    private final Profiles profiles;
    private final ContactPages pages;
    private final CustomerValues values;
    private final Timeline timeline;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;

    WecomProjection(
            Profiles profiles,
            ContactPages pages,
            CustomerValues values,
            Timeline timeline,
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            ApplicationEventPublisher events) {
        this.profiles = profiles;
        this.pages = pages;
        this.values = values;
        this.events = events;
        this.timeline = timeline;
        this.jdbc = jdbc;
        // After commit, the publisher's finished transaction is still bound to the thread: joining it would run
        // without the tenant's scope. Each projection step gets a transaction of its own.
        this.transactions = new TransactionTemplate(transactions);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @TransactionalEventListener
    void on(CustomerAdded added) {
        inTenant(added.tenant(), () -> {
            long customer = profiles.resolve(
                    added.tenant(), List.of(Identity.externalUserId(added.externalUserId())), "wecom", added.at());
            openRelation(added.tenant(), customer, added.staffUserId(), added.state(), added.at());
            jdbc.sql("""
                    update customers.customer set first_added_at = least(coalesce(first_added_at, ?), ?)
                    where tenant_id = ? and id = ?
                    """)
                    .params(at(added.at()), at(added.at()), added.tenant().value(), customer)
                    .update();
            timeline.append(
                    added.tenant(),
                    customer,
                    added.at(),
                    "added",
                    "wecom-add:" + added.staffUserId(),
                    detail("staff", added.staffUserId(), "state", added.state()));
            changed(added.tenant(), customer);
        });
    }

    @TransactionalEventListener
    void on(StaffDeletedByCustomer deleted) {
        closeRelation(
                deleted.tenant(),
                deleted.externalUserId(),
                deleted.staffUserId(),
                "customer",
                deleted.at(),
                "deleted_staff");
    }

    @TransactionalEventListener
    void on(CustomerRemoved removed) {
        closeRelation(
                removed.tenant(),
                removed.externalUserId(),
                removed.staffUserId(),
                removed.byTransfer() ? "transfer" : "staff",
                removed.at(),
                "removed_by_staff");
    }

    @TransactionalEventListener
    void on(MembersJoined joined) {
        groupFact(
                joined.tenant(),
                joined.memberIds(),
                joined.at(),
                "joined_group",
                joined.chatId(),
                Map.of("chatId", joined.chatId(), "joinScene", joined.joinScene()));
    }

    @TransactionalEventListener
    void on(MembersLeft left) {
        groupFact(
                left.tenant(),
                left.memberIds(),
                left.at(),
                "left_group",
                left.chatId(),
                Map.of("chatId", left.chatId(), "quitScene", left.quitScene()));
    }

    /** Group membership changes list staff and customers together; only customers' ids (wm…, wo…) are facts here. */
    private void groupFact(
            TenantId tenant,
            List<String> memberIds,
            Instant at,
            String kind,
            String chatId,
            Map<String, Object> detail) {
        List<String> customers =
                memberIds.stream().filter(WecomProjection::isExternalUserId).toList();
        if (customers.isEmpty()) {
            return;
        }
        inTenant(tenant, () -> {
            for (String externalUserId : customers) {
                long customer = profiles.resolve(tenant, List.of(Identity.externalUserId(externalUserId)), "wecom", at);
                timeline.append(tenant, customer, at, kind, kind + ":" + chatId + ":" + at.getEpochSecond(), detail);
            }
        });
    }

    static boolean isExternalUserId(String id) {
        return id.startsWith("wm") || id.startsWith("wo");
    }

    @TransactionalEventListener
    void on(ContactRefreshed refreshed) {
        inTenant(refreshed.tenant(), () -> changed(refreshed.tenant(), List.of(project(refreshed))));
    }

    /**
     * A full sync's page in one transaction, set-based ({@link ContactPages}): the same profiles, identities, names
     * and relations as projecting its contacts one by one, with one commit and one facts-changed event for the page.
     */
    @TransactionalEventListener
    void on(ContactsRefreshed page) {
        if (page.contacts().isEmpty()) {
            return;
        }
        inTenant(page.tenant(), () -> changed(page.tenant(), pages.project(page.tenant(), page.contacts())));
    }

    private long project(ContactRefreshed refreshed) {
        List<Identity> identities = new ArrayList<>(List.of(Identity.externalUserId(refreshed.externalUserId())));
        if (refreshed.unionid() != null && !refreshed.unionid().isBlank()) {
            identities.add(Identity.unionid(refreshed.unionid()));
        }
        refreshed.phoneHashes().forEach(hash -> identities.add(Identity.phoneHash(hash)));
        long customer = profiles.resolve(refreshed.tenant(), identities, "wecom", refreshed.at());
        jdbc.sql("""
                update customers.customer set display_name = ?, gender = ? where tenant_id = ? and id = ?
                """)
                .params(refreshed.name(), refreshed.gender(), refreshed.tenant().value(), customer)
                .update();
        for (var relation : refreshed.relations()) {
            openRelation(
                    refreshed.tenant(),
                    customer,
                    relation.staffUserId(),
                    relation.state(),
                    relation.addedAt() == null ? refreshed.at() : relation.addedAt());
        }
        return customer;
    }

    private void openRelation(TenantId tenant, long customer, String staff, @Nullable String state, Instant addedAt) {
        jdbc.sql("""
                insert into customers.staff_relation (tenant_id, customer_id, staff_user_id, state, added_at)
                values (?, ?, ?, ?, ?)
                on conflict (tenant_id, customer_id, staff_user_id) do update
                    set state = coalesce(excluded.state, customers.staff_relation.state),
                        added_at = least(customers.staff_relation.added_at, excluded.added_at),
                        removed_at = null, removed_by = null
                    where customers.staff_relation.removed_at is null or customers.staff_relation.removed_at < excluded.added_at
                """)
                .params(tenant.value(), customer, staff, state, at(addedAt))
                .update();
    }

    private void closeRelation(
            TenantId tenant, String externalUserId, String staff, String by, Instant at, String kind) {
        inTenant(tenant, () -> {
            long customer = profiles.resolve(tenant, List.of(Identity.externalUserId(externalUserId)), "wecom", at);
            jdbc.sql("""
                    update customers.staff_relation set removed_at = ?, removed_by = ?
                    where tenant_id = ? and customer_id = ? and staff_user_id = ? and removed_at is null
                    """).params(at(at), by, tenant.value(), customer, staff).update();
            timeline.append(
                    tenant, customer, at, kind, "wecom-" + kind + ":" + staff, detail("staff", staff, "by", by));
            changed(tenant, customer);
        });
    }

    /** Audiences index relations, gender and first add. */
    private void changed(TenantId tenant, long customer) {
        changed(tenant, List.of(customer));
    }

    /**
     * A relation opened or closed (or a merge moved purchases) changes stored values: whether the profile is a fan
     * decides between new fan and prospect. Buyers' values are refreshed in the same transaction, so orders linked
     * before the relation existed (a sync after an import, or both at once) do not leave a fan with a non-fan's stage.
     */
    private void changed(TenantId tenant, List<Long> customers) {
        values.refreshValued(tenant, customers);
        events.publishEvent(new CustomerFactsChanged(
                tenant, customers.stream().map(CustomerId::new).toList(), false));
    }

    private void inTenant(TenantId tenant, Runnable work) {
        CallContext.forTenant(tenant, "customers").run(() -> transactions.executeWithoutResult(status -> work.run()));
    }

    private static java.time.OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Map<String, Object> detail(String k1, @Nullable Object v1, String k2, @Nullable Object v2) {
        Map<String, Object> detail = new java.util.LinkedHashMap<>();
        if (v1 != null) {
            detail.put(k1, v1);
        }
        if (v2 != null) {
            detail.put(k2, v2);
        }
        return detail;
    }
}
