package io.moat.journeys.internal;

import io.moat.audiences.Audiences;
import io.moat.journeys.definition.Step;
import io.moat.journeys.internal.Definitions.Parsed;
import io.moat.journeys.run.Progress;
import io.moat.journeys.run.SplitBucket;
import io.moat.journeys.run.StepMachine;
import io.moat.journeys.run.StepMachine.Wake;
import io.moat.shared.schedule.Schedule;
import io.moat.workspace.WorkspaceDirectory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Moves an enrolment: runs the step machine from where it stands and, in the caller's transaction, performs the
 * actions due, counts the steps, and either records where it waits (scheduling its next wake as due work, keyed by
 * the enrolment and its new sequence number) or records how it ended. Everything commits together or not at all.
 */
@Component
class Advancing {

    static final String WAKE = "journeys.wake";

    private final Definitions definitions;
    private final Enrolments enrolments;
    private final StepStats stats;
    private final Actions actions;
    private final Schedule schedule;
    private final Audiences audiences;
    private final WorkspaceDirectory zones;
    private final SplitMembers splits;
    private final Clock clock;

    Advancing(
            Definitions definitions,
            Enrolments enrolments,
            StepStats stats,
            Actions actions,
            Schedule schedule,
            Audiences audiences,
            WorkspaceDirectory zones,
            SplitMembers splits,
            Clock clock) {
        this.definitions = definitions;
        this.enrolments = enrolments;
        this.stats = stats;
        this.actions = actions;
        this.schedule = schedule;
        this.audiences = audiences;
        this.zones = zones;
        this.splits = splits;
        this.clock = clock;
    }

    void start(Enrolment enrolment, Instant at) {
        Parsed parsed = version(enrolment);
        apply(enrolment, parsed, new StepMachine(parsed.definition()).start(at, decisions(enrolment, parsed)), at);
    }

    void wake(Enrolment enrolment, Wake wake, Instant at) {
        Parsed parsed = version(enrolment);
        String step = java.util.Objects.requireNonNull(enrolment.stepId());
        apply(
                enrolment,
                parsed,
                new StepMachine(parsed.definition()).wake(step, wake, at, decisions(enrolment, parsed)),
                at);
    }

    /** Ends an open enrolment at its step: {@code converted} when an exit criterion (the journey's goal) was met. */
    void end(Enrolment enrolment, boolean converted, String reason) {
        String step = enrolment.stepId();
        if (step != null) {
            stats.exited(enrolment, step, converted);
        }
        enrolments.finish(enrolment, converted ? "converted" : "exited", step, reason, clock.instant());
        schedule.cancel(WAKE, wakeKey(enrolment.id(), enrolment.seq()));
    }

    Parsed version(Enrolment enrolment) {
        return definitions.version(enrolment.tenant(), enrolment.journeyId(), enrolment.version());
    }

    private void apply(Enrolment enrolment, Parsed parsed, Progress progress, Instant at) {
        for (Step action : progress.actions()) {
            actions.perform(enrolment, action, at);
        }
        stats.record(enrolment, progress);
        splits.record(enrolment, parsed.definition(), progress, at);
        Instant now = clock.instant();
        switch (progress.next()) {
            case Progress.Waiting waiting -> {
                String awaiting =
                        waiting.awaiting() == null ? null : waiting.awaiting().code();
                int seq = enrolments.waiting(enrolment, waiting.stepId(), waiting.due(), awaiting, now);
                schedule.schedule(
                        WAKE,
                        wakeKey(enrolment.id(), seq),
                        waiting.due(),
                        "{\"enrolment\":" + enrolment.id() + ",\"seq\":" + seq + "}");
            }
            case Progress.Finished finished ->
                enrolments.finish(
                        enrolment,
                        finished.ending().name().toLowerCase(Locale.ROOT),
                        finished.stepId(),
                        finished.ending().name().toLowerCase(Locale.ROOT),
                        now);
        }
    }

    static String wakeKey(long enrolment, int seq) {
        return enrolment + ":" + seq;
    }

    private StepMachine.Decisions decisions(Enrolment enrolment, Parsed parsed) {
        ZoneId zone = zones.zoneOf(enrolment.tenant());
        return new StepMachine.Decisions() {
            @Override
            public boolean holds(Step.Branch branch) {
                return audiences.matches(enrolment.tenant(), enrolment.customer(), parsed.condition(branch));
            }

            @Override
            public int bucket(Step.Split split) {
                return SplitBucket.of(
                        enrolment.tenant().value(),
                        enrolment.journeyId(),
                        split.id(),
                        enrolment.customer().value(),
                        enrolment.occurrence());
            }

            @Override
            public ZoneId zone() {
                return zone;
            }
        };
    }
}
