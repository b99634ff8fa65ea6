package io.moat.journeys.definition;

/** How often one customer may enter the same journey. */
public sealed interface EntryRule permits EntryRule.Once, EntryRule.OncePer, EntryRule.EveryTime {

    record Once() implements EntryRule {}

    /** Again only when the last entry is at least {@code days} days old. */
    record OncePer(int days) implements EntryRule {}

    /** Every trigger enrols anew (each trigger event at most once). */
    record EveryTime() implements EntryRule {}
}
