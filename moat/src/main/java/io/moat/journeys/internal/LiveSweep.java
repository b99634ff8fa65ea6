package io.moat.journeys.internal;

import io.moat.journeys.definition.Trigger;
import io.moat.shared.schedule.DueWork;
import io.moat.shared.schedule.Schedule;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the daily trigger sweeps (dormancy, date property) share: one row of due work per journey version, started
 * when the version goes live, that re-arms itself and ends once the journey is paused, changed or no longer has the
 * sweep's trigger.
 */
@Component
class LiveSweep {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JourneyStore store;
    private final Definitions definitions;
    private final Schedule schedule;

    LiveSweep(JourneyStore store, Definitions definitions, Schedule schedule) {
        this.store = store;
        this.definitions = definitions;
        this.schedule = schedule;
    }

    /** The live version a sweep runs for, with its trigger. */
    record Target<T extends Trigger>(JourneyStore.Live live, T trigger) {}

    /** Starts a sweep of a journey version just published or resumed (in the caller's transaction). */
    void start(String kind, long journeyId, int version, Instant now) {
        schedule.schedule(
                kind,
                journeyId + ":" + version + ":" + now.toEpochMilli(),
                now,
                "{\"journey\":" + journeyId + ",\"version\":" + version + "}");
    }

    /** The sweep's journey version if it is still the active, latest one and still has a trigger of this type. */
    <T extends Trigger> Optional<Target<T>> target(DueWork work, Class<T> type) {
        var payload = JSON.readTree(work.payload());
        long journeyId = payload.path("journey").asLong();
        int version = payload.path("version").asInt();
        var journey = store.find(work.tenant(), journeyId).orElse(null);
        if (journey == null
                || !"active".equals(journey.status())
                || journey.latestVersion() == null
                || journey.latestVersion() != version) {
            return Optional.empty();
        }
        Trigger trigger = definitions
                .version(work.tenant(), journeyId, version)
                .definition()
                .trigger();
        return type.isInstance(trigger)
                ? Optional.of(new Target<>(new JourneyStore.Live(journeyId, version), type.cast(trigger)))
                : Optional.empty();
    }
}
