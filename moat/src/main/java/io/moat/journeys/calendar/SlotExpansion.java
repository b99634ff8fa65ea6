package io.moat.journeys.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns a calendar's slots into occurrences in a zone. A slot fires once per local day it is due on, at its local
 * time; a local time that a daylight-saving gap skips is moved forward by the gap's length, and one an overlap
 * repeats on its earlier instant, so every slot still fires exactly once that day. Windows are half open ({@code
 * from} exclusive, {@code to} inclusive), so consecutive windows neither miss nor repeat an occurrence.
 */
public final class SlotExpansion {

    private static final Comparator<Occurrence> ORDER =
            Comparator.comparing(Occurrence::at).thenComparing(o -> o.slot().key());

    private SlotExpansion() {}

    /** Every occurrence with {@code from < at <= to}, earliest first. */
    public static List<Occurrence> between(List<SopSlot> slots, ZoneId zone, Instant from, Instant to) {
        List<Occurrence> found = new ArrayList<>();
        if (!to.isAfter(from)) {
            return found;
        }
        // a day's local times span at most a day plus the largest offset change, so a day either side is enough
        LocalDate last = to.atZone(zone).toLocalDate().plusDays(1);
        for (LocalDate day = from.atZone(zone).toLocalDate().minusDays(1); !day.isAfter(last); day = day.plusDays(1)) {
            for (SopSlot slot : slots) {
                if (slot.firesOn(day)) {
                    Instant at = at(slot, day, zone);
                    if (at.isAfter(from) && !at.isAfter(to)) {
                        found.add(new Occurrence(slot, day, at));
                    }
                }
            }
        }
        found.sort(ORDER);
        return found;
    }

    /** The first occurrence after {@code after}, if the calendar has any slot. */
    public static Optional<Occurrence> next(List<SopSlot> slots, ZoneId zone, Instant after) {
        if (slots.isEmpty()) {
            return Optional.empty();
        }
        // every slot fires at least once a week; eight days and a margin always hold the next one
        return between(slots, zone, after, after.plus(java.time.Duration.ofDays(9))).stream()
                .findFirst();
    }

    /** The slot's instant on a local day. */
    public static Instant at(SopSlot slot, LocalDate day, ZoneId zone) {
        return day.atTime(slot.time()).atZone(zone).toInstant();
    }
}
