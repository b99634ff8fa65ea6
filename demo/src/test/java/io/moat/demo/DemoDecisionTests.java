package io.moat.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.demo.DemoRunner.Decision;
import org.junit.jupiter.api.Test;

/** When Moat builds the demo world at start, keeps an earlier one, or starts without it. */
class DemoDecisionTests {

    @Test
    void anEmptyMoatGetsTheDemoUnlessItIsSwitchedOff() {
        assertThat(DemoRunner.decide(null, false, false, false)).isEqualTo(Decision.BUILD);
        assertThat(DemoRunner.decide("", false, false, false)).isEqualTo(Decision.BUILD);
        assertThat(DemoRunner.decide("false", false, false, false)).isEqualTo(Decision.OFF);
        assertThat(DemoRunner.decide("FALSE", true, false, false)).isEqualTo(Decision.OFF);
    }

    @Test
    void aMoatWithWorkspacesGetsTheDemoOnlyWhenAskedFor() {
        assertThat(DemoRunner.decide(null, false, false, true)).isEqualTo(Decision.SKIP);
        assertThat(DemoRunner.decide("true", false, false, true)).isEqualTo(Decision.BUILD);
        assertThat(DemoRunner.decide(null, true, false, true)).isEqualTo(Decision.BUILD);
    }

    @Test
    void theDemoWorkspaceOfAnEarlierRunIsKept() {
        assertThat(DemoRunner.decide(null, false, true, true)).isEqualTo(Decision.KEEP);
        assertThat(DemoRunner.decide("true", true, true, true)).isEqualTo(Decision.KEEP);
        assertThat(DemoRunner.decide("false", false, true, true)).isEqualTo(Decision.OFF);
    }
}
