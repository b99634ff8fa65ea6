package io.moat.community.policy;

/**
 * The goals that move a group of one type from stage to stage (docs/metrics.md, "Group stage"): founded once it is
 * {@code foundedAfterDays} old with {@code foundedMembers} members, activated at {@code activeInteraction}
 * interaction rate, retaining at {@code retaining} retention, monetised at {@code monetisedConversion} conversion; a
 * group that meets all four is in the referral stage. Rates are fractions (0.10 is 10 %).
 */
public record StageGoals(
        int foundedAfterDays,
        int foundedMembers,
        double activeInteraction,
        double retaining,
        double monetisedConversion) {

    /** The handbook's goals: a week old with 30 members, then 10 % speaking, 80 % staying, 5 % buying. */
    public static final StageGoals DEFAULTS = new StageGoals(7, 30, 0.10, 0.80, 0.05);

    public StageGoals {
        if (foundedAfterDays < 0 || foundedAfterDays > 365) {
            throw new IllegalArgumentException("foundedAfterDays is 0 to 365, was " + foundedAfterDays);
        }
        if (foundedMembers < 1 || foundedMembers > 100_000) {
            throw new IllegalArgumentException("foundedMembers is 1 to 100000, was " + foundedMembers);
        }
        rate("activeInteraction", activeInteraction);
        rate("retaining", retaining);
        rate("monetisedConversion", monetisedConversion);
    }

    private static void rate(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " is a fraction from 0 to 1, was " + value);
        }
    }
}
