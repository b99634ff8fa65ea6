package io.moat.journeys.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A journey as one version defines it: the trigger, how often a customer may enter, the events that end it at
 * whatever step (checked at every step; meeting one counts as a conversion), the step tree, and the attribution
 * window: how many days after a split an order still counts as a conversion of its arm or of the holdout.
 */
public record JourneyDefinition(
        Trigger trigger, EntryRule entry, Set<JourneyEvent> exitOn, List<Step> steps, int attributionDays) {

    public static final int DEFAULT_ATTRIBUTION_DAYS = 7;

    public JourneyDefinition(Trigger trigger, EntryRule entry, Set<JourneyEvent> exitOn, List<Step> steps) {
        this(trigger, entry, exitOn, steps, DEFAULT_ATTRIBUTION_DAYS);
    }

    public JourneyDefinition {
        exitOn = Set.copyOf(exitOn);
        steps = List.copyOf(steps);
    }

    /** Every step, depth first in the order an editor shows them. */
    public List<Step> allSteps() {
        List<Step> all = new ArrayList<>();
        collect(steps, all);
        return all;
    }

    public Optional<Step> step(String id) {
        return allSteps().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    private static void collect(List<Step> sequence, List<Step> into) {
        for (Step step : sequence) {
            into.add(step);
            step.children().forEach(child -> collect(child, into));
        }
    }
}
