package io.moat.acquisition.rotation;

import org.jspecify.annotations.Nullable;

/**
 * One staff member behind a channel code, as the rotation sees them: how much of the traffic they take (weight),
 * how many customers a day at most ({@code dailyCap}, none if null), when they work, whether they only take the
 * overflow ({@code backup}) and whether they are taken offline right now.
 */
public record StaffSlot(
        String staffUserId,
        int weight,
        @Nullable Integer dailyCap,
        WorkingHours hours,
        boolean backup,
        boolean online) {

    public StaffSlot {
        if (weight < 1) {
            throw new IllegalArgumentException("weight is at least 1");
        }
        if (dailyCap != null && dailyCap < 0) {
            throw new IllegalArgumentException("a daily cap is not negative");
        }
    }

    boolean below(int assignedToday) {
        return dailyCap == null || assignedToday < dailyCap;
    }
}
