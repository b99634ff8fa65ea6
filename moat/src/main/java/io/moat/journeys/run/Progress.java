package io.moat.journeys.run;

import io.moat.journeys.definition.JourneyEvent;
import io.moat.journeys.definition.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One run of the step machine: the steps entered and passed (in order, for the per-step statistics), the actions
 * due (sends, tags, tasks, field updates, each with its step id), and where the enrolment stands afterwards.
 */
public record Progress(List<String> entered, List<String> passed, List<Step> actions, Next next) {

    public Progress {
        entered = List.copyOf(entered);
        passed = List.copyOf(passed);
        actions = List.copyOf(actions);
    }

    /** Where an enrolment stands after a run. */
    public sealed interface Next {}

    /** Waiting at a step until {@code due}, or until the awaited event if it comes first. */
    public record Waiting(
            String stepId, Instant due, @Nullable JourneyEvent awaiting) implements Next {}

    /** Left the journey; {@code stepId} is where (null when it ran off the end). */
    public record Finished(Ending ending, @Nullable String stepId) implements Next {}

    public enum Ending {
        COMPLETED,
        EXITED,
        HELD_OUT
    }

    static final class Builder {
        private final List<String> entered = new ArrayList<>();
        private final List<String> passed = new ArrayList<>();
        private final List<Step> actions = new ArrayList<>();

        void entered(String id) {
            entered.add(id);
        }

        void passed(String id) {
            passed.add(id);
        }

        void action(Step step) {
            actions.add(step);
        }

        Progress waiting(String id, Instant due, @Nullable JourneyEvent awaiting) {
            return new Progress(entered, passed, actions, new Waiting(id, due, awaiting));
        }

        Progress exited(String id) {
            return new Progress(entered, passed, actions, new Finished(Ending.EXITED, id));
        }

        Progress heldOut(String id) {
            return new Progress(entered, passed, actions, new Finished(Ending.HELD_OUT, id));
        }

        Progress completed() {
            return new Progress(entered, passed, actions, new Finished(Ending.COMPLETED, null));
        }
    }
}
