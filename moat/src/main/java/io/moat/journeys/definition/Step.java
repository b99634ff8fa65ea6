package io.moat.journeys.definition;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One step of a journey's step tree. A closed set: the runner and the editor switch over it exhaustively. Every
 * step has an {@code id} unique within its journey; statistics and send idempotency keys are keyed by it, so it
 * stays the same across versions for the "same" step. Steps that branch hold their own nested sequences, which
 * join again after the branching step.
 */
public sealed interface Step
        permits Step.Wait,
                Step.WaitUntil,
                Step.WaitForEvent,
                Step.Branch,
                Step.Split,
                Step.SendMessage,
                Step.SendToGroup,
                Step.AddTags,
                Step.RemoveTags,
                Step.CreateTask,
                Step.UpdateField,
                Step.Exit {

    String id();

    /** Nested sequences (empty for steps that do not branch). */
    default List<List<Step>> children() {
        return switch (this) {
            case WaitForEvent wait -> List.of(wait.onEvent(), wait.onTimeout());
            case Branch branch -> List.of(branch.yes(), branch.no());
            case Split split -> split.arms().stream().map(Arm::steps).toList();
            default -> List.of();
        };
    }

    /** Wait a fixed time, counted from when the step was due, not from when a worker got to it. */
    record Wait(String id, Duration duration) implements Step {}

    /** Wait until the next time of day on one of the weekdays, in the workspace's time zone. */
    record WaitUntil(String id, LocalTime time, Set<DayOfWeek> days) implements Step {
        public WaitUntil {
            days = Set.copyOf(days);
        }
    }

    /** Wait for the customer to do something; continue in {@code onEvent} or, after the timeout, {@code onTimeout}. */
    record WaitForEvent(String id, JourneyEvent event, Duration timeout, List<Step> onEvent, List<Step> onTimeout)
            implements Step {
        public WaitForEvent {
            onEvent = List.copyOf(onEvent);
            onTimeout = List.copyOf(onTimeout);
        }
    }

    /** An audience condition (its JSON form, as the audiences module reads it) decides the way. */
    record Branch(String id, JsonNode condition, List<Step> yes, List<Step> no) implements Step {
        public Branch {
            yes = List.copyOf(yes);
            no = List.copyOf(no);
        }
    }

    /**
     * A random split: each customer falls into one arm by a stable hash, or into the holdout, who leave the
     * journey here and receive nothing (the comparison group).
     */
    record Split(String id, List<Arm> arms, int holdoutPercent) implements Step {
        public Split {
            arms = List.copyOf(arms);
        }
    }

    record Arm(String name, int percent, List<Step> steps) {
        public Arm {
            steps = List.copyOf(steps);
        }
    }

    /** A 1:1 message from the customer's staff member, through the send broker. */
    record SendMessage(String id, String text) implements Step {}

    /** A message to customer groups (by chat id), through the send broker. */
    record SendToGroup(String id, List<String> chatIds, String text) implements Step {
        public SendToGroup {
            chatIds = List.copyOf(chatIds);
        }
    }

    record AddTags(String id, List<Long> tagIds) implements Step {
        public AddTags {
            tagIds = List.copyOf(tagIds);
        }
    }

    record RemoveTags(String id, List<Long> tagIds) implements Step {
        public RemoveTags {
            tagIds = List.copyOf(tagIds);
        }
    }

    /** A task for the customer's staff member: call, visit, or personal care (high-ticket customers). */
    record CreateTask(String id, TaskKind kind, String title, Duration dueIn) implements Step {}

    enum TaskKind {
        CALL,
        VISIT,
        CARE
    }

    /** Set a profile field to a value. */
    record UpdateField(String id, String field, String value) implements Step {}

    /** Leave the journey here. */
    record Exit(String id) implements Step {}
}
