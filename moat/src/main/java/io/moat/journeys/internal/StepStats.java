package io.moat.journeys.internal;

import io.moat.journeys.run.Progress;
import io.moat.shared.TenantId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The per-step counters of a version (entered, passed, exited, converted), changed in the transaction that moves
 * the enrolment so they always agree with it. Waiting is not counted: it is the enrolments open at the step.
 */
@Component
class StepStats {

    private final JdbcClient jdbc;

    StepStats(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Delta(long entered, long passed, long exited, long converted) {
        Delta plus(Delta other) {
            return new Delta(
                    entered + other.entered, passed + other.passed, exited + other.exited, converted + other.converted);
        }
    }

    void record(Enrolment enrolment, Progress progress) {
        Map<String, Delta> deltas = new LinkedHashMap<>();
        progress.entered().forEach(step -> deltas.merge(step, new Delta(1, 0, 0, 0), Delta::plus));
        progress.passed().forEach(step -> deltas.merge(step, new Delta(0, 1, 0, 0), Delta::plus));
        if (progress.next() instanceof Progress.Finished finished && finished.stepId() != null) {
            deltas.merge(finished.stepId(), new Delta(0, 0, 1, 0), Delta::plus);
        }
        add(enrolment, deltas);
    }

    void exited(Enrolment enrolment, String stepId, boolean converted) {
        add(enrolment, Map.of(stepId, converted ? new Delta(0, 0, 0, 1) : new Delta(0, 0, 1, 0)));
    }

    private void add(Enrolment enrolment, Map<String, Delta> deltas) {
        TenantId tenant = enrolment.tenant();
        List.copyOf(deltas.keySet()).stream().sorted().forEach(step -> {
            Delta d = deltas.get(step);
            jdbc.sql("""
                    insert into journeys.step_stat as s (tenant_id, journey_id, version, step_id, entered, passed,
                        exited, converted)
                    values (?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (tenant_id, journey_id, version, step_id) do update set
                        entered = s.entered + excluded.entered, passed = s.passed + excluded.passed,
                        exited = s.exited + excluded.exited, converted = s.converted + excluded.converted
                    """)
                    .params(
                            tenant.value(),
                            enrolment.journeyId(),
                            enrolment.version(),
                            step,
                            d.entered(),
                            d.passed(),
                            d.exited(),
                            d.converted())
                    .update();
        });
    }
}
