package io.moat.acquisition.rotation;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * When a staff member is on duty, per weekday, in the workspace's local time. No entry for any day means always on
 * duty; a weekday missing from a non-empty schedule is a day off. A shift may not cross midnight (split it in two).
 */
public record WorkingHours(Map<DayOfWeek, List<Shift>> days) {

    /** From {@code start} inclusive to {@code end} exclusive. */
    public record Shift(LocalTime start, LocalTime end) {
        public Shift {
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("a shift ends after it starts");
            }
        }

        boolean covers(LocalTime time) {
            return !time.isBefore(start) && time.isBefore(end);
        }
    }

    public static final WorkingHours ALWAYS = new WorkingHours(Map.of());

    public WorkingHours {
        Map<DayOfWeek, List<Shift>> copy = new EnumMap<>(DayOfWeek.class);
        days.forEach((day, shifts) -> copy.put(day, List.copyOf(shifts)));
        days = Map.copyOf(copy);
    }

    public boolean onDuty(LocalDateTime at) {
        if (days.isEmpty()) {
            return true;
        }
        return days.getOrDefault(at.getDayOfWeek(), List.of()).stream()
                .anyMatch(shift -> shift.covers(at.toLocalTime()));
    }
}
