package io.moat.journeys.internal;

import static io.moat.journeys.internal.JourneyStore.utc;

import io.moat.customers.CustomerId;
import io.moat.shared.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The rows of {@code journeys.enrolment}: creating, locking and moving them. */
@Component
class Enrolments {

    private static final String SELECT = """
            select tenant_id, id, journey_id, version, customer_id, occurrence, state, step_id, due_at, awaiting, seq,
                   entered_at
            from journeys.enrolment""";

    private final JdbcClient jdbc;

    Enrolments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The customer's last occurrence in the journey, when it began, and whether it is still open. */
    record Last(int occurrence, Instant enteredAt, boolean open) {}

    Optional<Last> last(TenantId tenant, long journeyId, CustomerId customer) {
        return jdbc.sql("""
                select occurrence, entered_at, finished_at is null from journeys.enrolment
                where tenant_id = ? and journey_id = ? and customer_id = ? order by occurrence desc limit 1
                """)
                .params(tenant.value(), journeyId, customer.value())
                .query((row, n) -> new Last(
                        row.getInt(1), row.getObject(2, OffsetDateTime.class).toInstant(), row.getBoolean(3)))
                .optional();
    }

    /** Inserts an enrolment unless this occurrence or this trigger already has one; answers it if inserted. */
    Optional<Enrolment> insert(
            TenantId tenant, long journeyId, int version, CustomerId customer, int occurrence, String ref, Instant at) {
        return jdbc.sql("""
                insert into journeys.enrolment (tenant_id, journey_id, version, customer_id, occurrence, trigger_ref,
                    state, entered_at, updated_at)
                values (:tenant, :journey, :version, :customer, :occurrence, :ref, 'waiting', :at, :at)
                on conflict do nothing
                returning tenant_id, id, journey_id, version, customer_id, occurrence, state, step_id, due_at, awaiting,
                    seq, entered_at
                """)
                .param("tenant", tenant.value())
                .param("journey", journeyId)
                .param("version", version)
                .param("customer", customer.value())
                .param("occurrence", occurrence)
                .param("ref", ref)
                .param("at", utc(at))
                .query((row, n) -> enrolment(row))
                .optional();
    }

    Optional<Enrolment> lock(TenantId tenant, long id) {
        return jdbc.sql(SELECT + " where tenant_id = ? and id = ? for update")
                .params(tenant.value(), id)
                .query((row, n) -> enrolment(row))
                .optional();
    }

    /** The customer's open enrolments, locked, oldest first. */
    List<Enrolment> lockOpen(TenantId tenant, CustomerId customer) {
        return jdbc.sql(SELECT
                        + " where tenant_id = ? and customer_id = ? and finished_at is null order by id for update")
                .params(tenant.value(), customer.value())
                .query((row, n) -> enrolment(row))
                .list();
    }

    /** The journey's enrolments held while it was paused, locked. */
    List<Enrolment> lockHeld(TenantId tenant, long journeyId) {
        return jdbc.sql(SELECT + " where tenant_id = ? and journey_id = ? and state = 'held' order by id for update")
                .params(tenant.value(), journeyId)
                .query((row, n) -> enrolment(row))
                .list();
    }

    /** Waits at a step; answers the new wake sequence number. */
    int waiting(Enrolment enrolment, String stepId, Instant due, @Nullable String awaiting, Instant now) {
        return jdbc.sql("""
                update journeys.enrolment set state = 'waiting', step_id = :step, due_at = :due, awaiting = :awaiting,
                    seq = seq + 1, updated_at = :now
                where tenant_id = :tenant and id = :id returning seq
                """)
                .param("tenant", enrolment.tenant().value())
                .param("id", enrolment.id())
                .param("step", stepId)
                .param("due", utc(due))
                .param("awaiting", awaiting)
                .param("now", utc(now))
                .query(Integer.class)
                .single();
    }

    void held(Enrolment enrolment, Instant now) {
        jdbc.sql("update journeys.enrolment set state = 'held', updated_at = ? where tenant_id = ? and id = ?")
                .params(utc(now), enrolment.tenant().value(), enrolment.id())
                .update();
    }

    void finish(Enrolment enrolment, String state, @Nullable String stepId, String reason, Instant now) {
        jdbc.sql("""
                update journeys.enrolment set state = :state, step_id = :step, due_at = null, awaiting = null,
                    seq = seq + 1, finished_at = :now, updated_at = :now, reason = :reason
                where tenant_id = :tenant and id = :id
                """)
                .param("tenant", enrolment.tenant().value())
                .param("id", enrolment.id())
                .param("state", state)
                .param("step", stepId)
                .param("reason", reason)
                .param("now", utc(now))
                .update();
    }

    private static Enrolment enrolment(ResultSet row) throws SQLException {
        OffsetDateTime due = row.getObject(9, OffsetDateTime.class);
        return new Enrolment(
                new TenantId(row.getLong(1)),
                row.getLong(2),
                row.getLong(3),
                row.getInt(4),
                new CustomerId(row.getLong(5)),
                row.getInt(6),
                row.getString(7),
                row.getString(8),
                due == null ? null : due.toInstant(),
                row.getString(10),
                row.getInt(11),
                row.getObject(12, OffsetDateTime.class).toInstant());
    }
}
