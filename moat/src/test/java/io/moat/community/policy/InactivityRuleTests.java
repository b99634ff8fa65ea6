package io.moat.community.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moat.community.policy.InactivityRule.MemberFacts;
import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Who is a removal candidate: silent long enough, or too few messages in the window; newcomers and protected never. */
class InactivityRuleTests {

    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    @Property
    void silentForTheRuleDaysExactlyMakesACandidate(
            @ForAll @IntRange(min = 1, max = 60) int rule, @ForAll @IntRange(min = 0, max = 120) int silentDays) {
        var inactivity = new InactivityRule(rule, null, null);
        var member = facts(false, 200, NOW.minus(Duration.ofDays(silentDays)).minusSeconds(1), 5);
        assertThat(inactivity.reason(member, NOW) != null).isEqualTo(silentDays >= rule);
    }

    @Property
    void fewerThanTheMinimumInTheWindowMakesACandidate(
            @ForAll @IntRange(min = 1, max = 10) int minimum, @ForAll @IntRange(min = 0, max = 20) int messages) {
        var inactivity = new InactivityRule(null, minimum, 30);
        var member = facts(false, 45, NOW.minus(Duration.ofHours(1)), messages);
        assertThat(inactivity.reason(member, NOW) != null).isEqualTo(messages < minimum);
    }

    @Property
    void nobodyWhoJoinedWithinThePeriodIsACandidate(@ForAll @IntRange(min = 0, max = 6) int joinedDaysAgo) {
        var inactivity = new InactivityRule(7, 3, 30);
        assertThat(inactivity.reason(facts(false, joinedDaysAgo, null, 0), NOW)).isNull();
    }

    @Test
    void protectedMembersAndStaffAreNeverCandidates() {
        var inactivity = new InactivityRule(7, 3, 30);
        var silentMember = new MemberFacts(false, false, NOW.minus(Duration.ofDays(90)), null, 0);
        assertThat(inactivity.reason(silentMember, NOW)).isEqualTo("silent 7 days");
        assertThat(inactivity.reason(new MemberFacts(false, true, NOW.minus(Duration.ofDays(90)), null, 0), NOW))
                .isNull();
        assertThat(inactivity.reason(new MemberFacts(true, false, NOW.minus(Duration.ofDays(90)), null, 0), NOW))
                .isNull();
        assertThat(InactivityRule.off().reason(silentMember, NOW)).isNull();
        assertThatThrownBy(() -> new InactivityRule(null, 3, null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static MemberFacts facts(boolean staff, int joinedDaysAgo, Instant lastSpoke, long inWindow) {
        return new MemberFacts(staff, false, NOW.minus(Duration.ofDays(joinedDaysAgo)), lastSpoke, inWindow);
    }
}
