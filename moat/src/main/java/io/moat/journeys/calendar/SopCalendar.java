package io.moat.journeys.calendar;

import java.time.Instant;
import java.util.List;

/** A group type's SOP calendar: its slots, and whether it posts. {@code revision} counts its saves. */
public record SopCalendar(
        long id, String groupType, String name, boolean active, List<SopSlot> slots, int revision, Instant updatedAt) {

    public SopCalendar {
        slots = List.copyOf(slots);
    }
}
