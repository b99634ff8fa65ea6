package io.moat.community.policy;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The stage a group is in (建群 → 激活 → 留存 → 变现 → 裂变): the first stage whose goal the group has not yet met
 * over the period looked at (docs/metrics.md, "Group stage"). Each stage names the figures that matter in it.
 */
public enum GroupStage {
    FOUNDING(List.of("joins", "joinRate", "quitRate")),
    ACTIVATION(List.of("interactionRate", "messagesPerMember")),
    RETENTION(List.of("retention", "quitRate")),
    MONETISATION(List.of("conversion", "aovFen", "roi")),
    REFERRAL(List.of("loyalShare", "conversion"));

    /** The goals, fixed for now: a founded group is a week old with 30 members; then 10 %, 80 %, 5 %. */
    public static final long FOUNDED_AFTER_DAYS = 7;

    public static final long FOUNDED_MEMBERS = 30;
    public static final double ACTIVE_INTERACTION = 0.10;
    public static final double RETAINING = 0.80;
    public static final double MONETISED_CONVERSION = 0.05;

    private final List<String> keyFigures;

    GroupStage(List<String> keyFigures) {
        this.keyFigures = keyFigures;
    }

    public List<String> keyFigures() {
        return keyFigures;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the rule looks at; an unknown rate (nothing to divide by, or not measured) is a goal not met. */
    public record Inputs(
            long ageDays,
            long members,
            @Nullable Double interactionRate,
            @Nullable Double retention,
            @Nullable Double conversion) {}

    public static GroupStage of(Inputs in) {
        if (in.ageDays() < FOUNDED_AFTER_DAYS || in.members() < FOUNDED_MEMBERS) {
            return FOUNDING;
        }
        if (below(in.interactionRate(), ACTIVE_INTERACTION)) {
            return ACTIVATION;
        }
        if (below(in.retention(), RETAINING)) {
            return RETENTION;
        }
        if (below(in.conversion(), MONETISED_CONVERSION)) {
            return MONETISATION;
        }
        return REFERRAL;
    }

    private static boolean below(@Nullable Double value, double goal) {
        return value == null || value < goal;
    }
}
