package io.moat.audiences.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/** "Within N days" in calendar days of the workspace's zone: a fact of today is 0 days ago, of yesterday 1. */
record Window(LocalDate today, ZoneId zone) {

    static Window at(Instant now, ZoneId zone) {
        return new Window(now.atZone(zone).toLocalDate(), zone);
    }

    /** The first instant that is at most {@code days} days ago, in epoch milliseconds. */
    long cutoff(int days) {
        return today.minusDays(days).atStartOfDay(zone).toInstant().toEpochMilli();
    }

    long daysAgo(long epochMilli) {
        return ChronoUnit.DAYS.between(
                Instant.ofEpochMilli(epochMilli).atZone(zone).toLocalDate(), today);
    }
}
