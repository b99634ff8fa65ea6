package io.moat.shared;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gives after-commit listeners that failed another go: publications still incomplete after two minutes are
 * resubmitted every minute. Listeners are idempotent, so a second delivery is harmless.
 */
@Component
class EventResubmission {

    private static final Logger log = LoggerFactory.getLogger(EventResubmission.class);
    private final IncompleteEventPublications incomplete;

    EventResubmission(IncompleteEventPublications incomplete) {
        this.incomplete = incomplete;
    }

    @Scheduled(fixedDelayString = "${moat.events.resubmit-interval:60s}", initialDelayString = "60s")
    void resubmit() {
        try {
            incomplete.resubmitIncompletePublicationsOlderThan(Duration.ofMinutes(2));
        } catch (RuntimeException e) {
            log.warn("Resubmitting incomplete event publications failed: {}", e.getMessage());
        }
    }
}
