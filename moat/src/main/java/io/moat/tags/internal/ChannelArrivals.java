package io.moat.tags.internal;

import io.moat.customers.CustomerId;
import io.moat.customers.CustomerLookup;
import io.moat.shared.TenantId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Channel tags owed to customers. The add that earns them may be handled before the customers module has made
 * the profile, so they are held by external_userid and settled onto the profile as soon as it exists.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class ChannelArrivals {

    private final JdbcClient jdbc;
    private final CustomerLookup customers;
    private final Assignments assignments;

    ChannelArrivals(JdbcClient jdbc, CustomerLookup customers, Assignments assignments) {
        this.jdbc = jdbc;
        this.customers = customers;
        this.assignments = assignments;
    }

    private record Held(long tagId, String state, OffsetDateTime arrivedAt) {}

    void hold(TenantId tenant, String externalUserId, List<Long> tagIds, String state, Instant at) {
        jdbc.sql("""
                insert into tags.channel_arrival (tenant_id, external_user_id, tag_id, state, arrived_at)
                select ?, ?, tag_id, ?, ? from unnest(cast(? as bigint[])) as tag_id
                on conflict do nothing
                """)
                .params(tenant.value(), externalUserId, state, at.atOffset(ZoneOffset.UTC), tagIds.toArray(Long[]::new))
                .update();
    }

    /** Assigns what is held for this customer if the profile exists; true when nothing is left held. */
    boolean settle(TenantId tenant, String externalUserId) {
        Optional<CustomerId> customer = customers.byExternalUserId(tenant, externalUserId);
        if (customer.isEmpty()) {
            return false;
        }
        List<Held> held = jdbc.sql("""
                delete from tags.channel_arrival where tenant_id = ? and external_user_id = ?
                returning tag_id, state, arrived_at
                """)
                .params(tenant.value(), externalUserId)
                .query(Held.class)
                .list();
        for (Held arrival : held) {
            assignments.add(
                    tenant,
                    customer.get().value(),
                    List.of(arrival.tagId()),
                    AssignmentSource.CHANNEL,
                    "channel:" + arrival.state(),
                    arrival.arrivedAt().toInstant());
        }
        return true;
    }

    List<String> unsettled(TenantId tenant) {
        return jdbc.sql("select distinct external_user_id from tags.channel_arrival where tenant_id = ?")
                .param(tenant.value())
                .query(String.class)
                .list();
    }
}
