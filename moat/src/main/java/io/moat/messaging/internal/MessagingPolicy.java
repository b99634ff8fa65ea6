package io.moat.messaging.internal;

import io.moat.messaging.Priority;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.jspecify.annotations.Nullable;

/**
 * A workspace's sending rules.
 *
 * @param quietStart start of quiet hours (local time in the workspace's zone), null for none
 * @param quietEnd end of quiet hours; a window may cross midnight (22:00–08:00)
 * @param dailyCap the brand's own cap of messages per customer per local day, null for none
 * @param weeklyCap per customer per local week (Monday to Sunday), null for none
 * @param monthlyQuota WeCom's receive quota per customer or group per month, null for WeCom's default (as many as
 *     the month has days)
 * @param priorityReserve quota places kept back from each lower priority
 * @param confirmWithin how long a staff member has to confirm a task before it is cancelled
 * @param remindEvery how long after creation (and after each reminder) an unconfirmed task is reminded; at most three
 */
public record MessagingPolicy(
        @Nullable LocalTime quietStart,
        @Nullable LocalTime quietEnd,
        @Nullable Integer dailyCap,
        @Nullable Integer weeklyCap,
        @Nullable Integer monthlyQuota,
        int priorityReserve,
        Duration confirmWithin,
        Duration remindEvery) {

    static final ZoneId WECOM_ZONE = ZoneId.of("Asia/Shanghai");

    static MessagingPolicy defaults() {
        return new MessagingPolicy(
                LocalTime.of(22, 0), LocalTime.of(8, 0), 1, 3, null, 1, Duration.ofHours(24), Duration.ofHours(4));
    }

    /** When quiet hours that cover {@code now} end, or null if {@code now} is outside quiet hours. */
    @Nullable
    Instant quietUntil(Instant now, ZoneId zone) {
        if (quietStart == null || quietEnd == null || quietStart.equals(quietEnd)) {
            return null;
        }
        ZonedDateTime local = now.atZone(zone);
        LocalTime time = local.toLocalTime();
        boolean crossesMidnight = quietStart.isAfter(quietEnd);
        boolean quiet = crossesMidnight
                ? !time.isBefore(quietStart) || time.isBefore(quietEnd)
                : !time.isBefore(quietStart) && time.isBefore(quietEnd);
        if (!quiet) {
            return null;
        }
        ZonedDateTime end = local.with(quietEnd).withSecond(0).withNano(0);
        if (!end.isAfter(local)) {
            end = end.plusDays(1);
        }
        return end.toInstant();
    }

    /** The quota places a send of this priority may use in the month of {@code now} (WeCom counts in Beijing time). */
    int quotaFor(Priority priority, Instant now) {
        int quota = monthlyQuota != null
                ? monthlyQuota
                : YearMonth.from(now.atZone(WECOM_ZONE)).lengthOfMonth();
        return Math.max(0, quota - priority.placesKeptBack(priorityReserve));
    }
}
