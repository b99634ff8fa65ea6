package io.moat.journeys.run;

import io.moat.journeys.definition.JourneyDefinition;
import io.moat.journeys.definition.Step;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How one enrolment moves through a version's step tree, with no clock, database or I/O of its own: from a
 * position and a logical time it runs every instant step (branches, splits, actions) until the enrolment waits or
 * ends, and says which steps it entered and passed and which actions are due. A nested sequence joins the
 * enclosing sequence again after the step that branched. Waits count from the logical time the enrolment was due,
 * so a worker that runs late does not push the rest of the journey later.
 */
public final class StepMachine {

    private final JourneyDefinition definition;
    private final Map<String, Step> steps = new HashMap<>();
    private final Map<String, @Nullable String> after = new HashMap<>();

    public StepMachine(JourneyDefinition definition) {
        this.definition = definition;
        index(definition.steps(), null);
    }

    /** How a waiting enrolment is woken. */
    public enum Wake {
        /** A wait elapsed. */
        DUE,
        /** The awaited event happened. */
        EVENT,
        /** The awaited event did not happen in time. */
        TIMEOUT
    }

    /** What the machine needs decided from outside: audience conditions, the split bucket, the time zone. */
    public interface Decisions {
        boolean holds(Step.Branch branch);

        /** A number from 0 to 99, stable for this enrolment and split. */
        int bucket(Step.Split split);

        java.time.ZoneId zone();
    }

    public Progress start(Instant at, Decisions decisions) {
        return run(definition.steps().getFirst().id(), at, decisions, new Progress.Builder());
    }

    public Progress wake(String stepId, Wake wake, Instant at, Decisions decisions) {
        Step step = step(stepId);
        var progress = new Progress.Builder();
        progress.passed(stepId);
        Optional<String> next;
        if (wake == Wake.DUE && (step instanceof Step.Wait || step instanceof Step.WaitUntil)) {
            next = continuation(stepId);
        } else if (step instanceof Step.WaitForEvent wait && wake != Wake.DUE) {
            next = first(wake == Wake.EVENT ? wait.onEvent() : wait.onTimeout(), stepId);
        } else {
            throw new IllegalStateException("step " + stepId + " is not woken by " + wake);
        }
        return next.map(id -> run(id, at, decisions, progress)).orElseGet(() -> progress.completed());
    }

    public Step step(String id) {
        Step step = steps.get(id);
        if (step == null) {
            throw new IllegalArgumentException("no step " + id + " in this version");
        }
        return step;
    }

    private Progress run(String from, Instant at, Decisions decisions, Progress.Builder progress) {
        String current = from;
        while (true) {
            Step step = step(current);
            progress.entered(current);
            Optional<String> next;
            switch (step) {
                case Step.Wait wait -> {
                    return progress.waiting(current, at.plus(wait.duration()), null);
                }
                case Step.WaitUntil until -> {
                    return progress.waiting(current, NextTime.after(at, until, decisions.zone()), null);
                }
                case Step.WaitForEvent wait -> {
                    return progress.waiting(current, at.plus(wait.timeout()), wait.event());
                }
                case Step.Exit exit -> {
                    return progress.exited(current);
                }
                case Step.Branch branch -> {
                    progress.passed(current);
                    next = first(decisions.holds(branch) ? branch.yes() : branch.no(), current);
                }
                case Step.Split split -> {
                    Optional<Step.Arm> arm = arm(split, decisions.bucket(split));
                    if (arm.isEmpty()) {
                        return progress.heldOut(current);
                    }
                    progress.passed(current);
                    next = first(arm.get().steps(), current);
                }
                case Step.SendMessage a -> next = act(progress, step);
                case Step.SendToGroup a -> next = act(progress, step);
                case Step.AddTags a -> next = act(progress, step);
                case Step.RemoveTags a -> next = act(progress, step);
                case Step.CreateTask a -> next = act(progress, step);
                case Step.UpdateField a -> next = act(progress, step);
            }
            if (next.isEmpty()) {
                return progress.completed();
            }
            current = next.get();
        }
    }

    private Optional<String> act(Progress.Builder progress, Step step) {
        progress.action(step);
        progress.passed(step.id());
        return continuation(step.id());
    }

    /** Arms take the buckets in order (the first arm 0 up to its percent, …); the holdout takes the rest. */
    static Optional<Step.Arm> arm(Step.Split split, int bucket) {
        int upTo = 0;
        for (Step.Arm arm : split.arms()) {
            upTo += arm.percent();
            if (bucket < upTo) {
                return Optional.of(arm);
            }
        }
        return Optional.empty();
    }

    private Optional<String> first(List<Step> sequence, String branching) {
        return sequence.isEmpty()
                ? continuation(branching)
                : Optional.of(sequence.getFirst().id());
    }

    private Optional<String> continuation(String id) {
        return Optional.ofNullable(after.get(id));
    }

    /** Records, for every step, the step that follows it once it (and whatever it branched into) is done. */
    private void index(List<Step> sequence, @Nullable String then) {
        for (int i = 0; i < sequence.size(); i++) {
            Step step = sequence.get(i);
            String next = i + 1 < sequence.size() ? sequence.get(i + 1).id() : then;
            steps.put(step.id(), step);
            after.put(step.id(), next);
            for (List<Step> child : step.children()) {
                index(child, next);
            }
        }
    }
}
