package io.moat.journeys.internal;

import io.moat.audiences.Audiences;
import io.moat.audiences.MemberPage;
import io.moat.customers.CustomerId;
import io.moat.messaging.Channel;
import io.moat.messaging.Content;
import io.moat.messaging.Priority;
import io.moat.messaging.SendBroker;
import io.moat.messaging.SendRequest;
import io.moat.shared.TenantId;
import io.moat.shared.schedule.DueWork;
import io.moat.shared.schedule.DueWorkHandler;
import io.moat.shared.schedule.Outcome;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A broadcast's run: from its moment on, a page of the audience at a time becomes broker sends (each page commits
 * with the cursor of the next, so a crash resumes where it stopped and the send keys make a repeated page harmless).
 * The audience is evaluated when the run starts, not when the broadcast was created. A cancelled broadcast ends.
 */
@Component
class BroadcastRun implements DueWorkHandler {

    static final String KIND = "journeys.broadcast";
    static final int PAGE = 1000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Audiences audiences;
    private final SendBroker broker;

    BroadcastRun(JdbcClient jdbc, Audiences audiences, SendBroker broker) {
        this.jdbc = jdbc;
        this.audiences = audiences;
        this.broker = broker;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Outcome handle(DueWork work) {
        TenantId tenant = work.tenant();
        long id = Long.parseLong(work.key().substring("broadcast:".length()));
        record Row(String status, String condition, String text, String attachments, java.time.Instant sendAt) {}
        Row row = jdbc.sql("""
                select status, condition::text, text, attachments::text, send_at from journeys.broadcast
                where tenant_id = ? and id = ? for update
                """)
                .params(tenant.value(), id)
                .query((rs, n) -> new Row(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        Broadcasts.instant(rs, "send_at")))
                .optional()
                .orElse(null);
        if (row == null || row.status().equals("cancelled") || row.status().equals("done")) {
            return Outcome.done();
        }
        if (row.status().equals("scheduled")) {
            jdbc.sql("update journeys.broadcast set status = 'running', started_at = ? where tenant_id = ? and id = ?")
                    .params(JourneyStore.utc(work.now()), tenant.value(), id)
                    .update();
        }
        var payload = JSON.readTree(work.payload());
        CustomerId after = payload.hasNonNull("after")
                ? new CustomerId(payload.path("after").asLong())
                : null;
        MemberPage page = audiences.members(tenant, audiences.parse(row.condition()), after, PAGE);
        Content content = new Content(row.text(), Map.of(), AttachmentsJson.read(row.attachments()));
        String tag = Broadcasts.journeyTag(id);
        for (CustomerId customer : page.customers()) {
            broker.request(new SendRequest(
                    Broadcasts.sendKey(id, customer.value()),
                    Channel.CUSTOMER,
                    customer,
                    null,
                    null,
                    content,
                    Priority.NORMAL,
                    row.sendAt(),
                    null,
                    null,
                    tag,
                    "broadcast"));
        }
        CustomerId next = page.next();
        jdbc.sql("""
                update journeys.broadcast set requested = requested + ?,
                    status = case when ? then 'done' else status end,
                    finished_at = case when ? then cast(? as timestamptz) else finished_at end
                where tenant_id = ? and id = ?
                """)
                .params(
                        page.customers().size(),
                        next == null,
                        next == null,
                        JourneyStore.utc(work.now()),
                        tenant.value(),
                        id)
                .update();
        return next == null ? Outcome.done() : Outcome.later(work.now(), "{\"after\":" + next.value() + "}");
    }
}
