package io.moat.community.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * A member's run of daily check-ins in one group: the last day checked in (in the workspace's time zone) and how
 * many days in a row end there. A day is a calendar day where the workspace is, so 23:59 and 00:01 are two days and
 * a whole calendar day without a check-in breaks the run.
 */
public record Streak(LocalDate lastDay, int length) {

    public Streak {
        if (length < 1) {
            throw new IllegalArgumentException("a streak is at least one day long");
        }
    }

    /** The calendar day an instant falls on where the workspace is. */
    public static LocalDate day(Instant at, ZoneId zone) {
        return LocalDate.ofInstant(at, zone);
    }

    /**
     * The run after checking in on {@code day}: unchanged on the day already checked in, one longer the day after,
     * a new run of one after a gap. A day before the last one is a clock gone back and changes nothing.
     */
    public static Streak after(@Nullable Streak previous, LocalDate day) {
        if (previous == null) {
            return new Streak(day, 1);
        }
        if (!day.isAfter(previous.lastDay())) {
            return previous;
        }
        return day.equals(previous.lastDay().plusDays(1)) ? new Streak(day, previous.length() + 1) : new Streak(day, 1);
    }

    /** The first day of the run. */
    public LocalDate firstDay() {
        return lastDay.minusDays(length - 1L);
    }

    /** The run as it stands on {@code today}: alive until a whole day passes without a check-in, then 0. */
    public int lengthOn(LocalDate today) {
        return today.isAfter(lastDay.plusDays(1)) ? 0 : length;
    }
}
