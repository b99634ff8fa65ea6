package io.moat.community.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.community.policy.GroupStage.Inputs;
import org.junit.jupiter.api.Test;

/** The stage is the first whose goal is not met yet (docs/metrics.md, "Group stage"). */
class GroupStageTests {

    @Test
    void aYoungOrSmallGroupIsFounding() {
        assertThat(GroupStage.of(new Inputs(6, 200, 0.5, 0.9, 0.2))).isEqualTo(GroupStage.FOUNDING);
        assertThat(GroupStage.of(new Inputs(30, 29, 0.5, 0.9, 0.2))).isEqualTo(GroupStage.FOUNDING);
    }

    @Test
    void eachGoalMetMovesTheGroupOn() {
        assertThat(GroupStage.of(new Inputs(7, 30, 0.099, 0.9, 0.2))).isEqualTo(GroupStage.ACTIVATION);
        assertThat(GroupStage.of(new Inputs(7, 30, 0.10, 0.79, 0.2))).isEqualTo(GroupStage.RETENTION);
        assertThat(GroupStage.of(new Inputs(7, 30, 0.10, 0.80, 0.049))).isEqualTo(GroupStage.MONETISATION);
        assertThat(GroupStage.of(new Inputs(7, 30, 0.10, 0.80, 0.05))).isEqualTo(GroupStage.REFERRAL);
    }

    @Test
    void anUnmeasuredFigureIsAGoalNotMet() {
        assertThat(GroupStage.of(new Inputs(10, 100, null, 0.9, 0.2))).isEqualTo(GroupStage.ACTIVATION);
        assertThat(GroupStage.of(new Inputs(10, 100, 0.3, 0.9, null))).isEqualTo(GroupStage.MONETISATION);
        assertThat(GroupStage.MONETISATION.keyFigures()).containsExactly("conversion", "aovFen", "roi");
    }
}
