package io.moat.audiences.internal;

import io.moat.audiences.AudienceCondition.ActivityKind;
import io.moat.customers.CustomerActed;
import io.moat.customers.CustomersMerged;
import java.time.ZoneOffset;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps {@code audiences.activity}: the latest moment each customer did each act for each ref, as the modules that
 * saw the acts report them ({@link CustomerActed}). The row is written in the reporter's transaction, so an act and
 * its record commit or vanish together; the index hears of it after the commit. A merge moves the merged profile's
 * acts to the survivor in the merge's own transaction, before the index re-reads both.
 */
@Component
class ActivityFeed {

    private final JdbcClient jdbc;
    private final AudienceIndex index;

    ActivityFeed(JdbcClient jdbc, AudienceIndex index) {
        this.jdbc = jdbc;
        this.index = index;
    }

    @EventListener
    void record(CustomerActed acted) {
        jdbc.sql("""
                insert into audiences.activity (tenant_id, customer_id, kind, ref, latest_at) values (?, ?, ?, ?, ?)
                on conflict (tenant_id, customer_id, kind, ref)
                    do update set latest_at = greatest(activity.latest_at, excluded.latest_at)
                """)
                .params(
                        acted.tenant().value(),
                        acted.customer().value(),
                        acted.act().code(),
                        acted.ref(),
                        acted.at().atOffset(ZoneOffset.UTC))
                .update();
    }

    @TransactionalEventListener
    void index(CustomerActed acted) {
        index.acted(acted.tenant(), acted.customer(), kind(acted.act()), acted.ref(), acted.at());
    }

    @EventListener
    void move(CustomersMerged merged) {
        jdbc.sql("""
                insert into audiences.activity (tenant_id, customer_id, kind, ref, latest_at)
                select tenant_id, ?, kind, ref, latest_at from audiences.activity where tenant_id = ? and customer_id = ?
                on conflict (tenant_id, customer_id, kind, ref)
                    do update set latest_at = greatest(activity.latest_at, excluded.latest_at)
                """)
                .params(
                        merged.survivor().value(),
                        merged.tenant().value(),
                        merged.merged().value())
                .update();
        jdbc.sql("delete from audiences.activity where tenant_id = ? and customer_id = ?")
                .params(merged.tenant().value(), merged.merged().value())
                .update();
    }

    static ActivityKind kind(CustomerActed.Act act) {
        return ActivityKind.valueOf(act.name());
    }
}
