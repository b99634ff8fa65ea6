package io.moat.wecomsim.mass;

import io.moat.wecomsim.world.ChinaTime;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;

/**
 * How many mass messages one customer, or one customer group, may receive from a corp (wecom-api.md §5). The
 * newest doc text allows as many per calendar month as the month has days, and lets the admin switch to 7 per
 * week or 1 per day. Enterprise and personal mass messages count together; windows follow Beijing time.
 */
public enum ReceiveCap {
    DAYS_IN_MONTH("days-in-month"),
    SEVEN_PER_WEEK("7-per-week"),
    ONE_PER_DAY("1-per-day");

    /** The period an instant falls in, and how many messages it allows. */
    public record Window(Instant from, Instant to, int limit) {}

    private final String knob;

    ReceiveCap(String knob) {
        this.knob = knob;
    }

    public String knob() {
        return knob;
    }

    public static ReceiveCap parse(String text) {
        return Arrays.stream(values())
                .filter(c -> c.knob.equals(text))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("massReceiveCap must be days-in-month, 7-per-week or 1-per-day"));
    }

    public Window windowAt(Instant at) {
        LocalDate day = ChinaTime.date(at);
        return switch (this) {
            case DAYS_IN_MONTH -> {
                LocalDate first = day.withDayOfMonth(1);
                yield new Window(ChinaTime.startOf(first), ChinaTime.startOf(first.plusMonths(1)), day.lengthOfMonth());
            }
            case SEVEN_PER_WEEK -> {
                LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield new Window(ChinaTime.startOf(monday), ChinaTime.startOf(monday.plusWeeks(1)), 7);
            }
            case ONE_PER_DAY -> new Window(ChinaTime.startOf(day), ChinaTime.startOf(day.plusDays(1)), 1);
        };
    }
}
