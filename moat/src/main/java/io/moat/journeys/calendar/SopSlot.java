package io.moat.journeys.calendar;

import io.moat.messaging.Attachment;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One post of a group SOP calendar: every day (no weekday) or every week on a weekday, at a local time in the
 * workspace's zone, with what to post.
 *
 * @param key stable across edits; a post made for (calendar, key, day, group) is never made again
 * @param weekday the weekday of a weekly slot, null for a daily one
 * @param title what the operators call it (早安打卡, 周三会员日)
 */
public record SopSlot(
        String key,
        @Nullable DayOfWeek weekday,
        LocalTime time,
        String title,
        String text,
        List<Attachment> attachments) {

    public SopSlot {
        attachments = List.copyOf(attachments);
        time = time.withSecond(0).withNano(0);
    }

    public boolean firesOn(LocalDate date) {
        return weekday == null || date.getDayOfWeek() == weekday;
    }
}
