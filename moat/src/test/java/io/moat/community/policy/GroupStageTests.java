package io.moat.community.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moat.community.policy.GroupStage.Inputs;
import org.junit.jupiter.api.Test;

/** The stage is the first whose goal is not met yet (docs/metrics.md, "Group stage"). */
class GroupStageTests {

    static final StageGoals DEFAULTS = StageGoals.DEFAULTS;

    @Test
    void aYoungOrSmallGroupIsFounding() {
        assertThat(GroupStage.of(new Inputs(6, 200, 0.5, 0.9, 0.2), DEFAULTS)).isEqualTo(GroupStage.FOUNDING);
        assertThat(GroupStage.of(new Inputs(30, 29, 0.5, 0.9, 0.2), DEFAULTS)).isEqualTo(GroupStage.FOUNDING);
    }

    @Test
    void eachGoalMetMovesTheGroupOn() {
        assertThat(GroupStage.of(new Inputs(7, 30, 0.099, 0.9, 0.2), DEFAULTS)).isEqualTo(GroupStage.ACTIVATION);
        assertThat(GroupStage.of(new Inputs(7, 30, 0.10, 0.79, 0.2), DEFAULTS)).isEqualTo(GroupStage.RETENTION);
        assertThat(GroupStage.of(new Inputs(7, 30, 0.10, 0.80, 0.049), DEFAULTS))
                .isEqualTo(GroupStage.MONETISATION);
        assertThat(GroupStage.of(new Inputs(7, 30, 0.10, 0.80, 0.05), DEFAULTS)).isEqualTo(GroupStage.REFERRAL);
    }

    @Test
    void anUnmeasuredFigureIsAGoalNotMet() {
        assertThat(GroupStage.of(new Inputs(10, 100, null, 0.9, 0.2), DEFAULTS)).isEqualTo(GroupStage.ACTIVATION);
        assertThat(GroupStage.of(new Inputs(10, 100, 0.3, 0.9, null), DEFAULTS)).isEqualTo(GroupStage.MONETISATION);
        assertThat(GroupStage.MONETISATION.keyFigures()).containsExactly("conversion", "aovFen", "roi");
    }

    @Test
    void aTypesOwnGoalsDecideTheStage() {
        // a VIP group: founded at 3 days and 10 members, 30 % must speak, 90 % stay, 20 % buy
        var vip = new StageGoals(3, 10, 0.30, 0.90, 0.20);
        var group = new Inputs(5, 12, 0.25, 0.95, 0.5);
        assertThat(GroupStage.of(group, DEFAULTS))
                .as("too small for the defaults")
                .isEqualTo(GroupStage.FOUNDING);
        assertThat(GroupStage.of(group, vip)).as("founded, but too quiet").isEqualTo(GroupStage.ACTIVATION);
        assertThat(GroupStage.of(new Inputs(5, 12, 0.30, 0.89, 0.5), vip)).isEqualTo(GroupStage.RETENTION);
        assertThat(GroupStage.of(new Inputs(5, 12, 0.30, 0.90, 0.19), vip)).isEqualTo(GroupStage.MONETISATION);
        assertThat(GroupStage.of(new Inputs(5, 12, 0.30, 0.90, 0.20), vip)).isEqualTo(GroupStage.REFERRAL);
    }

    @Test
    void goalsOutsideTheirRangesAreRefused() {
        assertThat(DEFAULTS).isEqualTo(new StageGoals(7, 30, 0.10, 0.80, 0.05));
        assertThatThrownBy(() -> new StageGoals(-1, 30, 0.1, 0.8, 0.05)).hasMessageContaining("foundedAfterDays");
        assertThatThrownBy(() -> new StageGoals(7, 0, 0.1, 0.8, 0.05)).hasMessageContaining("foundedMembers");
        assertThatThrownBy(() -> new StageGoals(7, 30, 1.1, 0.8, 0.05)).hasMessageContaining("activeInteraction");
        assertThatThrownBy(() -> new StageGoals(7, 30, 0.1, Double.NaN, 0.05)).hasMessageContaining("retaining");
        assertThatThrownBy(() -> new StageGoals(7, 30, 0.1, 0.8, -0.01)).hasMessageContaining("monetisedConversion");
    }
}
