package io.moat.journeys.internal;

import io.moat.customers.CustomerActed;
import io.moat.customers.CustomerId;
import io.moat.journeys.definition.EntryRule;
import io.moat.journeys.internal.Definitions.Parsed;
import io.moat.shared.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Enrols a customer in a journey version if its entry rule allows (once; once per N days; every time — each
 * trigger event at most once) and nobody's enrolment in that journey is still open, then starts it, in the
 * caller's transaction. Concurrent triggers for the same customer meet at the enrolment's unique keys.
 */
@Component
class Enrolling {

    private final Definitions definitions;
    private final Enrolments enrolments;
    private final Advancing advancing;
    private final ApplicationEventPublisher events;

    Enrolling(Definitions definitions, Enrolments enrolments, Advancing advancing, ApplicationEventPublisher events) {
        this.definitions = definitions;
        this.enrolments = enrolments;
        this.advancing = advancing;
        this.events = events;
    }

    /** What an enrolment concerns, for audience conditions on "took part in a campaign". */
    static String ref(long journeyId) {
        return "journey:" + journeyId;
    }

    Optional<Enrolment> enrol(
            TenantId tenant, long journeyId, int version, CustomerId customer, String triggerRef, Instant at) {
        Parsed parsed = definitions.version(tenant, journeyId, version);
        var last = enrolments.last(tenant, journeyId, customer);
        if (last.isPresent()
                && (last.get().open() || !allows(parsed.definition().entry(), last.get(), at))) {
            return Optional.empty();
        }
        int occurrence = last.map(l -> l.occurrence() + 1).orElse(1);
        Optional<Enrolment> enrolment =
                enrolments.insert(tenant, journeyId, version, customer, occurrence, triggerRef, at);
        enrolment.ifPresent(e -> {
            advancing.start(e, at);
            events.publishEvent(
                    new CustomerActed(tenant, customer, CustomerActed.Act.CAMPAIGN_JOINED, ref(journeyId), at));
        });
        return enrolment;
    }

    private static boolean allows(EntryRule rule, Enrolments.Last last, Instant at) {
        return switch (rule) {
            case EntryRule.Once once -> false;
            case EntryRule.OncePer per ->
                !last.enteredAt().plus(Duration.ofDays(per.days())).isAfter(at);
            case EntryRule.EveryTime every -> true;
        };
    }
}
