package io.moat.acquisition.rotation;

import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Picks the staff member a visitor of a channel code is shown (智能分流). A staff member is available when online,
 * on duty at the local time and below their daily cap. A returning visitor gets their earlier staff member if that
 * one is available (when the channel is sticky). Otherwise the primaries share the traffic: the available primary
 * with the smallest load today wins, where load is assignments (round robin) or assignments per unit of weight
 * (weighted); ties go to the earlier slot in the list. Backups are used only when no primary is available, shared
 * the same way. A pure function of its inputs, so the caller decides under a lock and records the outcome.
 */
public record StaffRotation(Mode mode, boolean sticky, List<StaffSlot> slots) {

    public enum Mode {
        ROUND_ROBIN,
        WEIGHTED
    }

    public StaffRotation {
        slots = List.copyOf(slots);
        if (slots.stream().map(StaffSlot::staffUserId).distinct().count() != slots.size()) {
            throw new IllegalArgumentException("each staff member appears once");
        }
    }

    /**
     * @param now the local time in the workspace's zone
     * @param assignedToday visits assigned to each staff member so far today (absent = 0)
     * @param earlier the staff member this visitor was shown before, if any
     */
    public Decision choose(LocalDateTime now, Map<String, Integer> assignedToday, Optional<String> earlier) {
        Predicate<StaffSlot> available = slot -> slot.online()
                && slot.hours().onDuty(now)
                && slot.below(assignedToday.getOrDefault(slot.staffUserId(), 0));
        if (sticky && earlier.isPresent()) {
            Optional<StaffSlot> same = slots.stream()
                    .filter(slot -> slot.staffUserId().equals(earlier.get()))
                    .filter(available)
                    .findFirst();
            if (same.isPresent()) {
                return new Decision(same.get().staffUserId(), Decision.Kind.STICKY, "returning visitor");
            }
        }
        Optional<StaffSlot> primary = leastLoaded(available.and(slot -> !slot.backup()), assignedToday);
        if (primary.isPresent()) {
            return new Decision(
                    primary.get().staffUserId(),
                    Decision.Kind.PRIMARY,
                    mode.name().toLowerCase());
        }
        Optional<StaffSlot> backup = leastLoaded(available.and(StaffSlot::backup), assignedToday);
        if (backup.isPresent()) {
            return new Decision(
                    backup.get().staffUserId(),
                    Decision.Kind.BACKUP,
                    "no primary available (offline, off duty or capped)");
        }
        return new Decision(null, Decision.Kind.NONE, "nobody available (offline, off duty or capped)");
    }

    private Optional<StaffSlot> leastLoaded(Predicate<StaffSlot> candidate, Map<String, Integer> assignedToday) {
        Comparator<StaffSlot> byLoad = (a, b) -> {
            long left = assignedToday.getOrDefault(a.staffUserId(), 0);
            long right = assignedToday.getOrDefault(b.staffUserId(), 0);
            // Compare (left + 1) / weightA with (right + 1) / weightB without division.
            return mode == Mode.WEIGHTED
                    ? Long.compare((left + 1) * b.weight(), (right + 1) * a.weight())
                    : Long.compare(left, right);
        };
        return slots.stream().filter(candidate).min(byLoad);
    }
}
