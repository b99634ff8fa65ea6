package io.moat.journeys.internal;

import io.moat.customers.CustomerId;
import io.moat.journeys.definition.Trigger;
import io.moat.journeys.internal.JourneyStore.JourneyRow;
import io.moat.journeys.internal.TriggerIntake.Who;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Enrolling customers other than by a watched trigger: by hand (a list of customers), or by an event another system
 * posts to the API. Either goes through the trigger intake, so entry rules apply. Call in the workspace's scope.
 */
@Service
@Transactional
public class DirectEnrolment {

    private final JourneyStore store;
    private final Definitions definitions;
    private final TriggerIntake intake;
    private final Clock clock;

    DirectEnrolment(JourneyStore store, Definitions definitions, TriggerIntake intake, Clock clock) {
        this.store = store;
        this.definitions = definitions;
        this.intake = intake;
        this.clock = clock;
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
}
