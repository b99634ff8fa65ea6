package io.moat.journeys.run;

import io.moat.journeys.definition.Step;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** The next moment at a time of day on an allowed weekday, in a zone; {@code at} itself if it is one. */
final class NextTime {

    private NextTime() {}

    static Instant after(Instant at, Step.WaitUntil until, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        for (int day = 0; day <= 7; day++) {
            ZonedDateTime candidate =
                    local.toLocalDate().plusDays(day).atTime(until.time()).atZone(zone);
            if (!candidate.isBefore(local) && until.days().contains(candidate.getDayOfWeek())) {
                return candidate.toInstant();
            }
        }
        throw new IllegalStateException("no weekday allowed");
    }
}
