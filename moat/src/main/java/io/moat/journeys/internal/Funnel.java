package io.moat.journeys.internal;

import io.moat.journeys.definition.Step;
import io.moat.shared.TenantId;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The per-step funnel of a journey version (docs/metrics.md, "Journey funnel"): entered, waiting now, passed,
 * exited and converted per step in the order the editor shows them, and the journey's action log (sends with their
 * idempotency keys and outcomes, tasks, tags).
 */
@Service
@Transactional(readOnly = true)
public class Funnel {

    private final JdbcClient jdbc;
    private final Definitions definitions;
    private final SplitMembers splits;

    Funnel(JdbcClient jdbc, Definitions definitions, SplitMembers splits) {
        this.jdbc = jdbc;
        this.definitions = definitions;
        this.splits = splits;
    }

    public record StepFigures(
            String stepId, String type, long entered, long waiting, long passed, long exited, long converted) {}

    /**
     * One group of a split (an arm, or the holdout when {@code arm} is null): its members, how many converted within
     * the attribution window, and the rate (null without members). docs/metrics.md, "Journey holdout conversion".
     */
    public record SplitGroup(
            @Nullable String arm,
            long members,
            long converted,
            @Nullable Double rate) {}

    /** A split's groups and the attribution window they were counted with. */
    public record SplitFigures(String stepId, int attributionDays, List<SplitGroup> groups) {}

    /** Enrolments of the version by state, each step's figures, and each split's conversion by group. */
    public record Figures(
            int version, Map<String, Long> enrolments, List<StepFigures> steps, List<SplitFigures> splits) {}

    public Figures of(TenantId tenant, long journeyId, int version) {
        var definition = definitions.version(tenant, journeyId, version).definition();
        Map<String, long[]> counters = new HashMap<>();
        jdbc.sql("""
                select step_id, entered, passed, exited, converted from journeys.step_stat
                where tenant_id = ? and journey_id = ? and version = ?
                """)
                .params(tenant.value(), journeyId, version)
                .query((row, n) -> counters.put(
                        row.getString(1), new long[] {row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5)}))
                .list();
        Map<String, Long> waiting = new HashMap<>();
        jdbc.sql("""
                select step_id, count(*) from journeys.enrolment
                where tenant_id = ? and journey_id = ? and version = ? and finished_at is null group by step_id
                """)
                .params(tenant.value(), journeyId, version)
                .query((row, n) -> waiting.put(row.getString(1), row.getLong(2)))
                .list();
        Map<String, Long> states = new HashMap<>();
        jdbc.sql("""
                select state, count(*) from journeys.enrolment
                where tenant_id = ? and journey_id = ? and version = ? group by state
                """)
                .params(tenant.value(), journeyId, version)
                .query((row, n) -> states.put(row.getString(1), row.getLong(2)))
                .list();
        List<StepFigures> steps = definition.allSteps().stream()
                .map(step -> {
                    long[] c = counters.getOrDefault(step.id(), new long[4]);
                    return new StepFigures(
                            step.id(), type(step), c[0], waiting.getOrDefault(step.id(), 0L), c[1], c[2], c[3]);
                })
                .toList();
        List<SplitFigures> groups = splits.of(tenant, journeyId, version, definition).entrySet().stream()
                .map(split -> new SplitFigures(
                        split.getKey(),
                        definition.attributionDays(),
                        split.getValue().stream()
                                .map(g -> new SplitGroup(
                                        g.arm(),
                                        g.members(),
                                        g.converted(),
                                        g.members() == 0 ? null : (double) g.converted() / g.members()))
                                .toList()))
                .toList();
        return new Figures(version, Map.copyOf(states), steps, groups);
    }

    public record ActionRow(
            long enrolmentId,
            long customerId,
            int version,
            String stepId,
            String kind,
            String idempotencyKey,
            String outcome,
            @Nullable String detail,
            OffsetDateTime at) {}

    /** The journey's latest actions, newest first, before the given enrolment id when paging. */
    public List<ActionRow> actions(TenantId tenant, long journeyId, int limit) {
        return jdbc.sql("""
                select a.enrolment_id, e.customer_id, e.version, a.step_id, a.kind, a.idempotency_key, a.outcome,
                       a.detail, a.at
                from journeys.action a
                join journeys.enrolment e on e.tenant_id = a.tenant_id and e.id = a.enrolment_id
                where a.tenant_id = ? and e.journey_id = ?
                order by a.at desc, a.enrolment_id desc, a.step_id limit ?
                """)
                .params(tenant.value(), journeyId, limit)
                .query(ActionRow.class)
                .list();
    }

    static String type(Step step) {
        String name = step.getClass().getSimpleName();
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
