package io.moat.journeys.internal;

import io.moat.customers.CustomerFieldValues;
import io.moat.customers.CustomerId;
import io.moat.journeys.definition.DefinitionJson;
import io.moat.journeys.definition.JourneyDefinition;
import io.moat.journeys.definition.Step;
import io.moat.journeys.definition.Trigger;
import io.moat.journeys.internal.JourneyStore.JourneyRow;
import io.moat.journeys.internal.TriggerIntake.Who;
import io.moat.journeys.templates.JourneyTemplates;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.shared.schedule.Schedule;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Creating, editing, publishing, pausing and resuming journeys, and enrolling customers by hand or by an API
 * event. Drafts are always valid definitions; publishing freezes the draft as the next version, which new
 * enrolments take while running ones finish on theirs. Call in the workspace's scope.
 */
@Service
@Transactional
public class JourneyManagement {

    private final JourneyStore store;
    private final Definitions definitions;
    private final Enrolments enrolments;
    private final TriggerIntake intake;
    private final Schedule schedule;
    private final DormancySweep dormancy;
    private final DateSweep dates;
    private final TagWatch tags;
    private final CustomerFieldValues fields;
    private final Clock clock;

    JourneyManagement(
            JourneyStore store,
            Definitions definitions,
            Enrolments enrolments,
            TriggerIntake intake,
            Schedule schedule,
            DormancySweep dormancy,
            DateSweep dates,
            TagWatch tags,
            CustomerFieldValues fields,
            Clock clock) {
        this.store = store;
        this.definitions = definitions;
        this.enrolments = enrolments;
        this.intake = intake;
        this.schedule = schedule;
        this.dormancy = dormancy;
        this.dates = dates;
        this.tags = tags;
        this.fields = fields;
        this.clock = clock;
    }

    /** Checks a definition without saving it; a fault is a problem naming its field. */
    @Transactional(readOnly = true)
    public JourneyDefinition check(JsonNode definition) {
        return definitions.check(definition);
    }

    public JourneyRow create(TenantId tenant, String name, @Nullable JsonNode definition, @Nullable String template) {
        String json;
        if (template != null) {
            json = JourneyTemplates.byKey(template)
                    .orElseThrow(() -> new Problem(
                            HttpStatus.BAD_REQUEST, "unknown-template", "No template " + template + ".", "template"))
                    .definition();
        } else if (definition != null) {
            json = DefinitionJson.text(definitions.check(definition));
        } else {
            throw new Problem(
                    HttpStatus.BAD_REQUEST, "invalid-journey", "Give a definition or a template.", "definition");
        }
        String draft = DefinitionJson.text(definitions.check(json));
        return store.get(tenant, store.create(tenant, name, draft, template, clock.instant()));
    }

    public JourneyRow saveDraft(TenantId tenant, long id, String name, JsonNode definition) {
        JourneyRow journey = store.lock(tenant, id);
        String draft = DefinitionJson.text(definitions.check(definition));
        store.saveDraft(tenant, journey.id(), name, draft, clock.instant());
        return store.get(tenant, id);
    }

    public JourneyRow publish(TenantId tenant, long id) {
        JourneyRow journey = store.lock(tenant, id);
        JourneyDefinition definition = definitions.check(journey.draft());
        resolvable(tenant, definition);
        int version = store.publish(
                tenant,
                id,
                DefinitionJson.text(definition),
                DefinitionJson.tree(definition).path("trigger").path("type").asString(),
                CallContext.current().actor(),
                clock.instant());
        if (!journey.status().equals("paused")) {
            arm(tenant, id, version, definition.trigger(), clock.instant());
        }
        return store.get(tenant, id);
    }

    public JourneyRow pause(TenantId tenant, long id) {
        JourneyRow journey = store.lock(tenant, id);
        if (!journey.status().equals("active")) {
            throw new Problem(
                    HttpStatus.CONFLICT, "journey-not-active", "Only an active journey can be paused.", "status");
        }
        store.status(tenant, id, "paused", clock.instant());
        return store.get(tenant, id);
    }

    /** Resumes a paused journey; enrolments held meanwhile are due again at once (or at their own later due time). */
    public JourneyRow resume(TenantId tenant, long id) {
        JourneyRow journey = store.lock(tenant, id);
        if (!journey.status().equals("paused")) {
            throw new Problem(
                    HttpStatus.CONFLICT, "journey-not-paused", "Only a paused journey can be resumed.", "status");
        }
        Instant now = clock.instant();
        store.status(tenant, id, "active", now);
        for (Enrolment held : enrolments.lockHeld(tenant, id)) {
            Instant due = held.dueAt() == null || held.dueAt().isBefore(now) ? now : held.dueAt();
            int seq = enrolments.waiting(
                    held, java.util.Objects.requireNonNull(held.stepId()), due, held.awaiting(), now);
            schedule.schedule(
                    Advancing.WAKE,
                    Advancing.wakeKey(held.id(), seq),
                    due,
                    "{\"enrolment\":" + held.id() + ",\"seq\":" + seq + "}");
        }
        int latest = java.util.Objects.requireNonNull(journey.latestVersion());
        arm(
                tenant,
                id,
                latest,
                definitions.version(tenant, id, latest).definition().trigger(),
                now);
        return store.get(tenant, id);
    }

    /** Enrols customers by hand in an active journey's latest version; answers how many were newly queued. */
    public int enrol(TenantId tenant, long id, Collection<CustomerId> customers) {
        JourneyRow journey = store.get(tenant, id);
        if (!journey.status().equals("active") || journey.latestVersion() == null) {
            throw new Problem(
                    HttpStatus.CONFLICT, "journey-not-active", "Publish the journey (and resume it) first.", "status");
        }
        var live = new JourneyStore.Live(id, journey.latestVersion());
        Instant now = clock.instant();
        int queued = 0;
        for (CustomerId customer : customers) {
            if (intake.submit(
                    live, Who.customer(customer), "manual:" + customer.value() + ":" + now.toEpochMilli(), now)) {
                queued++;
            }
        }
        return queued;
    }

    /** An event posted by another system: enrols the customer in every active journey triggered by its name. */
    public int apiEvent(TenantId tenant, String name, CustomerId customer, String eventId) {
        int queued = 0;
        Instant now = clock.instant();
        for (JourneyStore.Live live : store.live(tenant, "apiEvent")) {
            var trigger = definitions
                    .version(tenant, live.journeyId(), live.version())
                    .definition()
                    .trigger();
            if (trigger instanceof Trigger.ApiEvent api
                    && api.name().equals(name)
                    && intake.submit(live, Who.customer(customer), "api:" + name + ":" + eventId, now)) {
                queued++;
            }
        }
        return queued;
    }

    /**
     * What a definition refers to outside itself must exist when it goes live: the custom date field of a date
     * trigger (a date field) and the custom fields that steps set.
     */
    private void resolvable(TenantId tenant, JourneyDefinition definition) {
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

    /** Starts what a live version's trigger needs beyond events: a daily sweep, or a watch on a tag. */
    private void arm(TenantId tenant, long id, int version, Trigger trigger, Instant now) {
        switch (trigger) {
            case Trigger.Dormant d -> dormancy.start(id, version, now);
            case Trigger.DateProperty d -> dates.start(id, version, now);
            case Trigger.TagAssigned t -> tags.watch(tenant, t.tagId());
            case Trigger.TagRemoved t -> tags.watch(tenant, t.tagId());
            default -> {}
        }
    }

    @Transactional(readOnly = true)
    public List<JourneyRow> list(TenantId tenant) {
        return store.list(tenant);
    }
}
