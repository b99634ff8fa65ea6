package io.moat.journeys.internal;

import io.moat.journeys.run.StepMachine.Wake;
import io.moat.shared.schedule.DueWork;
import io.moat.shared.schedule.DueWorkHandler;
import io.moat.shared.schedule.Outcome;
import java.time.Clock;
import java.util.Objects;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wakes a waiting enrolment when its wait is due (or its awaited event timed out), inside the due-work row's
 * transaction: the enrolment row is locked, and a wake whose sequence number is no longer the enrolment's (it moved
 * on, ended, or was woken by its event) does nothing. While the journey is paused the enrolment is held; resuming
 * schedules it again. The logical time is the enrolment's due time, so a late worker does not shift later waits.
 */
@Component
class StepWakes implements DueWorkHandler {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Enrolments enrolments;
    private final JourneyStore journeys;
    private final Advancing advancing;
    private final ExitCriteria exits;
    private final Clock clock;

    StepWakes(Enrolments enrolments, JourneyStore journeys, Advancing advancing, ExitCriteria exits, Clock clock) {
        this.enrolments = enrolments;
        this.journeys = journeys;
        this.advancing = advancing;
        this.exits = exits;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return Advancing.WAKE;
    }

    /** A wake only writes Moat's tables (the enrolment, its next wait, sends asked of the broker as rows). */
    @Override
    public boolean effectsOnlyInDatabase() {
        return true;
    }

    @Override
    public Outcome handle(DueWork work) {
        JsonNode payload = JSON.readTree(work.payload());
        var found = enrolments.lock(work.tenant(), payload.path("enrolment").asLong());
        if (found.isEmpty()) {
            return new Outcome.Done();
        }
        Enrolment enrolment = found.get();
        if (!enrolment.state().equals("waiting")
                || enrolment.seq() != payload.path("seq").asInt()) {
            return new Outcome.Done();
        }
        if (!journeys.get(work.tenant(), enrolment.journeyId()).status().equals("active")) {
            enrolments.held(enrolment, clock.instant());
            return new Outcome.Done();
        }
        if (exits.met(enrolment)) {
            advancing.end(enrolment, true, "goal met");
            return new Outcome.Done();
        }
        Wake wake = enrolment.awaiting() == null ? Wake.DUE : Wake.TIMEOUT;
        advancing.wake(enrolment, wake, Objects.requireNonNull(enrolment.dueAt()));
        return new Outcome.Done();
    }
}
