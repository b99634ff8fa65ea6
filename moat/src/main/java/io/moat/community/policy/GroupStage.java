package io.moat.community.policy;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The stage a group is in (建群 → 激活 → 留存 → 变现 → 裂变): the first stage whose goal the group has not yet met
 * over the period looked at (docs/metrics.md, "Group stage"), under the goals of the group's type ({@link
 * StageGoals}). Each stage names the figures that matter in it.
 */
public enum GroupStage {
    FOUNDING(List.of("joins", "joinRate", "quitRate")),
    ACTIVATION(List.of("interactionRate", "messagesPerMember")),
    RETENTION(List.of("retention", "quitRate")),
    MONETISATION(List.of("conversion", "aovFen", "roi")),
    REFERRAL(List.of("loyalShare", "conversion"));

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

    /** The stage under the group type's goals. */
    public static GroupStage of(Inputs in, StageGoals goals) {
        if (in.ageDays() < goals.foundedAfterDays() || in.members() < goals.foundedMembers()) {
            return FOUNDING;
        }
        if (below(in.interactionRate(), goals.activeInteraction())) {
            return ACTIVATION;
        }
        if (below(in.retention(), goals.retaining())) {
            return RETENTION;
        }
        if (below(in.conversion(), goals.monetisedConversion())) {
            return MONETISATION;
        }
        return REFERRAL;
    }

    private static boolean below(@Nullable Double value, double goal) {
        return value == null || value < goal;
    }
}
