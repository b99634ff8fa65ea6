package io.moat.journeys.internal;

import io.moat.customers.CustomerAttributes;
import io.moat.journeys.definition.JourneyEvent;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Checks a journey's exit criteria against what the customer's profile says now, before every step: an order
 * paid after the customer entered, or no staff member left to follow them. Events also end enrolments the moment
 * they happen ({@link JourneyEvents}); this check catches what happened while no event reached the journey.
 */
@Component
class ExitCriteria {

    private final CustomerAttributes customers;
    private final Definitions definitions;

    ExitCriteria(CustomerAttributes customers, Definitions definitions) {
        this.customers = customers;
        this.definitions = definitions;
    }

    boolean met(Enrolment enrolment) {
        Set<JourneyEvent> exitOn = definitions
                .version(enrolment.tenant(), enrolment.journeyId(), enrolment.version())
                .definition()
                .exitOn();
        if (!exitOn.contains(JourneyEvent.ORDER_PAID) && !exitOn.contains(JourneyEvent.REMOVED_STAFF)) {
            return false;
        }
        var found = customers.of(enrolment.tenant(), List.of(enrolment.customer()));
        if (found.isEmpty()) {
            return false;
        }
        var attributes = found.getFirst();
        boolean paid =
                attributes.lastOrderAt() != null && attributes.lastOrderAt().isAfter(enrolment.enteredAt());
        boolean unfollowed = attributes.relations().stream().noneMatch(CustomerAttributes.Relation::active);
        return (exitOn.contains(JourneyEvent.ORDER_PAID) && paid)
                || (exitOn.contains(JourneyEvent.REMOVED_STAFF) && unfollowed);
    }
}
