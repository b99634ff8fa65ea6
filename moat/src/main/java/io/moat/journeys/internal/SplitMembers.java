package io.moat.journeys.internal;

import static io.moat.journeys.internal.JourneyStore.utc;

import io.moat.customers.CustomerId;
import io.moat.journeys.definition.JourneyDefinition;
import io.moat.journeys.definition.Step;
import io.moat.journeys.run.Progress;
import io.moat.journeys.run.SplitBucket;
import io.moat.journeys.run.StepMachine;
import io.moat.shared.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The members of each split's arms and of its holdout, and whether each converted: paid an order, as journeys hear
 * of it, after the split and within the journey's attribution window (docs/metrics.md, "Journey holdout
 * conversion"). The holdout receives nothing, so the difference between an arm's conversion rate and the holdout's
 * is what the arm's messages changed.
 */
@Component
class SplitMembers {

    private final JdbcClient jdbc;

    SplitMembers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the splits this run went through (the same bucket the step machine used), in its transaction. */
    void record(Enrolment enrolment, JourneyDefinition definition, Progress progress, Instant at) {
        StepMachine machine = new StepMachine(definition);
        for (String id : progress.entered()) {
            if (!(machine.step(id) instanceof Step.Split split)) {
                continue;
            }
            int bucket = SplitBucket.of(
                    enrolment.tenant().value(),
                    enrolment.journeyId(),
                    split.id(),
                    enrolment.customer().value(),
                    enrolment.occurrence());
            String arm = arm(split, bucket);
            jdbc.sql("""
                    insert into journeys.split_member (tenant_id, enrolment_id, step_id, journey_id, version,
                        customer_id, arm, at, window_until)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing
                    """)
                    .params(
                            enrolment.tenant().value(),
                            enrolment.id(),
                            split.id(),
                            enrolment.journeyId(),
                            enrolment.version(),
                            enrolment.customer().value(),
                            arm,
                            utc(at),
                            utc(at.plus(Duration.ofDays(definition.attributionDays()))))
                    .update();
        }
    }

    /** A paid order at {@code paid}: converts the customer's split memberships whose window holds it. */
    void ordered(TenantId tenant, CustomerId customer, Instant paid) {
        jdbc.sql("""
                update journeys.split_member set converted_at = ?
                where tenant_id = ? and customer_id = ? and converted_at is null and at < ? and window_until >= ?
                """)
                .params(utc(paid), tenant.value(), customer.value(), utc(paid), utc(paid))
                .update();
    }

    /** One group of a split: an arm by name, or the holdout (name null). */
    record Group(@Nullable String arm, long members, long converted) {}

    /** Each split step of the version with its groups, arms in definition order and the holdout last. */
    Map<String, List<Group>> of(TenantId tenant, long journeyId, int version, JourneyDefinition definition) {
        Map<String, Map<String, long[]>> counts = new LinkedHashMap<>();
        jdbc.sql("""
                select step_id, coalesce(arm, ''), count(*), count(converted_at) from journeys.split_member
                where tenant_id = ? and journey_id = ? and version = ? group by step_id, arm
                """)
                .params(tenant.value(), journeyId, version)
                .query((row, n) -> counts.computeIfAbsent(row.getString(1), k -> new LinkedHashMap<>())
                        .put(row.getString(2), new long[] {row.getLong(3), row.getLong(4)}))
                .list();
        Map<String, List<Group>> splits = new LinkedHashMap<>();
        for (Step step : definition.allSteps()) {
            if (step instanceof Step.Split split) {
                Map<String, long[]> byArm = counts.getOrDefault(split.id(), Map.of());
                List<Group> groups = new ArrayList<>();
                for (Step.Arm arm : split.arms()) {
                    long[] c = byArm.getOrDefault(arm.name(), new long[2]);
                    groups.add(new Group(arm.name(), c[0], c[1]));
                }
                if (split.holdoutPercent() > 0) {
                    long[] c = byArm.getOrDefault("", new long[2]);
                    groups.add(new Group(null, c[0], c[1]));
                }
                splits.put(split.id(), groups);
            }
        }
        return splits;
    }

    private static @Nullable String arm(Step.Split split, int bucket) {
        int upTo = 0;
        for (Step.Arm arm : split.arms()) {
            upTo += arm.percent();
            if (bucket < upTo) {
                return arm.name();
            }
        }
        return null;
    }
}
