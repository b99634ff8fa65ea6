package io.moat.journeys.internal;

import io.moat.audiences.Audiences;
import io.moat.audiences.MemberPage;
import io.moat.customers.CustomerId;
import io.moat.shared.TenantId;
import io.moat.tags.TagHolders;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells which watched tags customers gained or lost. The tags module's {@link io.moat.tags.CustomerTagsChanged}
 * names only the customers; journeys keep whom they last saw holding each tag a live journey is triggered by
 * ({@code journeys.tag_holding}) and compare. A tag starts being watched when such a journey is published, seeded
 * with its holders then, so a customer who already had it is not taken for a new assignment.
 */
@Component
class TagWatch {

    private static final int PAGE = 1000;

    private final JdbcClient jdbc;
    private final TagHolders holders;
    private final Audiences audiences;

    TagWatch(JdbcClient jdbc, TagHolders holders, Audiences audiences) {
        this.jdbc = jdbc;
        this.holders = holders;
        this.audiences = audiences;
    }

    /** A tag that came or went for a customer. */
    record Change(CustomerId customer, long tagId, boolean assigned) {}

    /** Starts watching a tag (idempotent): records everyone holding it now. */
    void watch(TenantId tenant, long tagId) {
        var condition = audiences.parse("{\"v\":1,\"tag\":{\"any\":[" + tagId + "]}}");
        @Nullable CustomerId after = null;
        do {
            MemberPage page = audiences.members(tenant, condition, after, PAGE);
            jdbc.sql("""
                    insert into journeys.tag_holding (tenant_id, tag_id, customer_id)
                    select ?, ?, unnest(cast(? as bigint[])) on conflict do nothing
                    """)
                    .params(
                            tenant.value(),
                            tagId,
                            page.customers().stream().map(CustomerId::value).toArray(Long[]::new))
                    .update();
            after = page.next();
        } while (after != null);
    }

    /**
     * Compares the customers' watched tags now with what was last seen and records the difference; answers each
     * tag that came or went. Only the transaction that records a difference answers it.
     */
    List<Change> changes(TenantId tenant, Collection<CustomerId> customers, Set<Long> watched) {
        List<Change> changes = new ArrayList<>();
        if (watched.isEmpty() || customers.isEmpty()) {
            return changes;
        }
        Map<CustomerId, List<Long>> now = holders.tagsOf(tenant, customers);
        Long[] tags = watched.toArray(Long[]::new);
        for (CustomerId customer : customers) {
            Long[] held = now.getOrDefault(customer, List.of()).stream()
                    .filter(watched::contains)
                    .toArray(Long[]::new);
            jdbc.sql("""
                    insert into journeys.tag_holding (tenant_id, tag_id, customer_id)
                    select ?, unnest(cast(? as bigint[])), ? on conflict do nothing returning tag_id
                    """)
                    .params(tenant.value(), held, customer.value())
                    .query(Long.class)
                    .list()
                    .forEach(tag -> changes.add(new Change(customer, tag, true)));
            jdbc.sql("""
                    delete from journeys.tag_holding
                    where tenant_id = ? and customer_id = ? and tag_id = any(?) and not tag_id = any(?)
                    returning tag_id
                    """)
                    .params(tenant.value(), customer.value(), tags, held)
                    .query(Long.class)
                    .list()
                    .forEach(tag -> changes.add(new Change(customer, tag, false)));
        }
        return changes;
    }
}
