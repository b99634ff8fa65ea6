package io.moat.journeys.internal;

import io.moat.journeys.run.Progress;
import io.moat.shared.TenantId;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The per-step counters of a version (entered, passed, exited, converted), changed in the transaction that moves
 * the enrolment so they always agree with it. Waiting is not counted: it is the enrolments open at the step.
 *
 * <p>Within a transaction the changes are summed per step and written just before it commits, one upsert per step in
 * step order: a batch of due work that enrols hundreds of customers in one journey (a dormancy sweep) otherwise
 * updated the same counter row hundreds of times in one transaction, each update slower than the one before, and held
 * the row's lock from the first one to the commit, so every other worker enrolling into that journey waited.
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
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            deltas.forEach((step, d) ->
                    write(new Key(enrolment.tenant(), enrolment.journeyId(), enrolment.version(), step), d));
            return;
        }
        Pending pending = TransactionSynchronizationManager.getSynchronizations().stream()
                .filter(s -> s instanceof Pending p && p.owner == this)
                .map(Pending.class::cast)
                .findFirst()
                .orElseGet(() -> {
                    Pending fresh = new Pending(this);
                    TransactionSynchronizationManager.registerSynchronization(fresh);
                    return fresh;
                });
        deltas.forEach((step, d) -> {
            Key key = new Key(enrolment.tenant(), enrolment.journeyId(), enrolment.version(), step);
            if (pending.flushed) {
                write(key, d); // a change made while the transaction commits (another synchronization): write it now
            } else {
                pending.deltas.merge(key, d, Delta::plus);
            }
        });
    }

    /** One counter row; ordered so that every transaction locks the rows it writes in the same order. */
    private record Key(TenantId tenant, long journeyId, int version, String step) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparingLong(
                        (Key k) -> k.tenant().value())
                .thenComparingLong(Key::journeyId)
                .thenComparingInt(Key::version)
                .thenComparing(Key::step);

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }

    /** The changes a transaction made, written just before it commits. */
    private static final class Pending implements TransactionSynchronization {
        private final StepStats owner;
        private final Map<Key, Delta> deltas = new TreeMap<>();
        private boolean flushed;

        Pending(StepStats owner) {
            this.owner = owner;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            flushed = true;
            deltas.forEach(owner::write);
        }
    }

    private void write(Key key, Delta d) {
        jdbc.sql("""
                insert into journeys.step_stat as s (tenant_id, journey_id, version, step_id, entered, passed,
                    exited, converted)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (tenant_id, journey_id, version, step_id) do update set
                    entered = s.entered + excluded.entered, passed = s.passed + excluded.passed,
                    exited = s.exited + excluded.exited, converted = s.converted + excluded.converted
                """)
                .params(
                        key.tenant().value(),
                        key.journeyId(),
                        key.version(),
                        key.step(),
                        d.entered(),
                        d.passed(),
                        d.exited(),
                        d.converted())
                .update();
    }
}
