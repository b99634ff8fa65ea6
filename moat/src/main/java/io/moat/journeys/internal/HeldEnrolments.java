package io.moat.journeys.internal;

import io.moat.shared.TenantId;
import io.moat.shared.schedule.Schedule;
import java.time.Instant;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * Enrolments held while their journey was paused (a wake found it paused): resuming schedules each again, due at
 * once or at its own later due time, under a new wake sequence so the stale wake rows stay no-ops.
 */
@Component
class HeldEnrolments {

    private final Enrolments enrolments;
    private final Schedule schedule;

    HeldEnrolments(Enrolments enrolments, Schedule schedule) {
        this.enrolments = enrolments;
        this.schedule = schedule;
    }

    void release(TenantId tenant, long journeyId, Instant now) {
        for (Enrolment held : enrolments.lockHeld(tenant, journeyId)) {
            Instant due = held.dueAt() == null || held.dueAt().isBefore(now) ? now : held.dueAt();
            int seq = enrolments.waiting(held, Objects.requireNonNull(held.stepId()), due, held.awaiting(), now);
            schedule.schedule(
                    Advancing.WAKE,
                    Advancing.wakeKey(held.id(), seq),
                    due,
                    "{\"enrolment\":" + held.id() + ",\"seq\":" + seq + "}");
        }
    }
}
