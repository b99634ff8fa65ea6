package io.moat.journeys.internal;

import io.moat.customers.CustomerFieldValues;
import io.moat.journeys.definition.JourneyDefinition;
import io.moat.journeys.definition.Step;
import io.moat.journeys.definition.Trigger;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * What a journey version needs when it goes live (published, or resumed): what its definition refers to outside
 * itself must exist, and its trigger's machinery beyond events must run (a daily sweep, or a watch on a tag).
 */
@Component
class GoingLive {

    private final DormancySweep dormancy;
    private final DateSweep dates;
    private final TagWatch tags;
    private final CustomerFieldValues fields;

    GoingLive(DormancySweep dormancy, DateSweep dates, TagWatch tags, CustomerFieldValues fields) {
        this.dormancy = dormancy;
        this.dates = dates;
        this.tags = tags;
        this.fields = fields;
    }

    /** The custom date field of a date trigger must be a date field, and the fields that steps set must exist. */
    void checkResolvable(TenantId tenant, JourneyDefinition definition) {
        if (definition.trigger() instanceof Trigger.DateProperty date
                && !fields.type(tenant, date.field(), "trigger.field").equals("date")) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-journey",
                    "trigger.field: " + date.field() + " is not a date field.",
                    "trigger.field");
        }
        for (var step : definition.allSteps()) {
            if (step instanceof Step.UpdateField update) {
                fields.type(tenant, update.field(), "steps." + step.id() + ".field");
            }
        }
    }

    /** Starts what a live version's trigger needs beyond events (in the caller's transaction). */
    void arm(TenantId tenant, long id, int version, Trigger trigger, Instant now) {
        switch (trigger) {
            case Trigger.Dormant d -> dormancy.start(id, version, now);
            case Trigger.DateProperty d -> dates.start(id, version, now);
            case Trigger.TagAssigned t -> tags.watch(tenant, t.tagId());
            case Trigger.TagRemoved t -> tags.watch(tenant, t.tagId());
            default -> {}
        }
    }
}
