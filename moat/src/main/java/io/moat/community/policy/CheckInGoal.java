package io.moat.community.policy;

import org.jspecify.annotations.Nullable;

/**
 * The check-in goal of a group type: a streak of {@code streakDays} days in a row earns the reward ({@code
 * rewardPoints} points and a note saying what it is), recorded once per streak for the loyalty module to honour.
 * No streak length: check-ins are counted but earn nothing.
 */
public record CheckInGoal(@Nullable Integer streakDays, int rewardPoints, String rewardNote) {

    public CheckInGoal {
        if (streakDays != null && (streakDays < 2 || streakDays > 365)) {
            throw new IllegalArgumentException("a streak goal is 2 to 365 days, was " + streakDays);
        }
        if (rewardPoints < 0) {
            throw new IllegalArgumentException("reward points are not negative");
        }
    }

    public static CheckInGoal off() {
        return new CheckInGoal(null, 0, "");
    }

    /** Whether this streak has earned the reward: it is at least as long as the goal. */
    public boolean reachedBy(Streak streak) {
        return streakDays != null && streak.length() >= streakDays;
    }
}
