package io.moat.customers.internal;

import io.moat.shared.Problem;
import io.moat.shared.context.CallContext;
import io.moat.workspace.CurrentWorkspace;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Notes (备注) staff keep on a customer; each also lands on the timeline. */
@Service
public class Notes {

    private final JdbcClient jdbc;
    private final Timeline timeline;
    private final Clock clock;

    Notes(JdbcClient jdbc, Timeline timeline, Clock clock) {
        this.jdbc = jdbc;
        this.timeline = timeline;
        this.clock = clock;
    }

    @Transactional
    public long add(CurrentWorkspace workspace, long customer, String body) {
        Instant now = clock.instant();
        boolean exists = jdbc.sql("select count(*) from customers.customer where tenant_id = ? and id = ?")
                        .params(workspace.tenant().value(), customer)
                        .query(Long.class)
                        .single()
                > 0;
        if (!exists) {
            throw new Problem(HttpStatus.NOT_FOUND, "customer-not-found", "No customer " + customer + ".", "id");
        }
        long id = jdbc.sql("""
                insert into customers.note (tenant_id, customer_id, author, body, created_at) values (?, ?, ?, ?, ?)
                returning id
                """)
                .params(
                        workspace.tenant().value(),
                        customer,
                        CallContext.current().actor(),
                        body,
                        now.atOffset(ZoneOffset.UTC))
                .query(Long.class)
                .single();
        timeline.append(
                workspace.tenant(),
                customer,
                now,
                "note",
                "note:" + id,
                Map.of("author", CallContext.current().actor()));
        return id;
    }
}
