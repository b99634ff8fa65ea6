package io.moat.wecom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The governor's pace and window on a clock that only moves when the governor waits. */
class QuotaGovernorTests {

    /** A clock the pauses advance. */
    static final class PausedClock extends Clock {
        long millis = Instant.parse("2026-11-25T04:00:30.250Z").toEpochMilli();

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    static final String API = "/cgi-bin/externalcontact/add_msg_template";

    /** The production defaults: at most 9,950 in any 61.5 s, catching up at most 500 missed calls. */
    static QuotaGovernor governor(PausedClock clock, int perHour) {
        return new QuotaGovernor(
                9_950, Duration.ofMillis(1_500), perHour, 500, clock, d -> clock.millis += d.toMillis());
    }

    /** The most moments (sorted) that fall in any span of {@code span} ms. */
    static int most(List<Long> moments, long span) {
        int most = 0;
        for (int first = 0, last = 0; last < moments.size(); last++) {
            while (moments.get(last) - moments.get(first) >= span) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }

    @Test
    void callsAsFastAsAllowedUseAtLeast96Point9PercentOfTheMinuteLimitAndNeverPassItEvenWithJitter() throws Exception {
        PausedClock clock = new PausedClock();
        QuotaGovernor governor = governor(clock, 1_000_000);
        List<Long> admitted = new ArrayList<>();
        long start = clock.millis;
        while (clock.millis - start < 10 * 60_000) {
            governor.acquire("wwcorp", API);
            admitted.add(clock.millis);
        }
        assertThat(admitted.size())
                .as("calls in 10 minutes: at least 96.9 % of 10,000 a minute")
                .isGreaterThanOrEqualTo(96_900);
        // WeCom counts arrivals; a call's time in transit varies, so a minute of WeCom's may hold the calls of a
        // longer span of ours. Up to 1.5 s of spread, no span may hold more than 9,950.
        assertThat(most(admitted, 61_500)).isLessThanOrEqualTo(9_950).isGreaterThan(9_900);
        // evenly paced: no second holds a burst
        assertThat(most(admitted, 1_000)).isLessThanOrEqualTo(170);
    }

    @Test
    void callsThatFellBehindCatchUpWithinTheWindow() throws Exception {
        PausedClock clock = new PausedClock();
        QuotaGovernor governor = governor(clock, 1_000_000);
        List<Long> admitted = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            governor.acquire("wwcorp", API);
            admitted.add(clock.millis);
        }
        clock.millis += 5_000; // the callers were held up for 5 s: 809 calls' worth of pace went unused
        long resumed = clock.millis;
        for (int i = 0; i < 500; i++) {
            governor.acquire("wwcorp", API);
            admitted.add(clock.millis);
        }
        assertThat(clock.millis)
                .as("the 500 missed calls that may catch up go at once")
                .isEqualTo(resumed);
        governor.acquire("wwcorp", API);
        assertThat(clock.millis - resumed).as("then the pace again").isBetween(1L, 10L);
        while (admitted.size() < 30_000) {
            governor.acquire("wwcorp", API);
            admitted.add(clock.millis);
        }
        assertThat(most(admitted, 61_500)).isLessThanOrEqualTo(9_950);
    }

    /** Whatever the stalls and catch-ups, no span of 61.5 s holds more than 9,950 calls. */
    @Property(tries = 40)
    void noSpanOfTheWindowEverHoldsMoreThanItsCalls(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 20_000) Integer> stalls,
            @ForAll @IntRange(min = 1, max = 3_000) int callsBetween)
            throws Exception {
        PausedClock clock = new PausedClock();
        QuotaGovernor governor = new QuotaGovernor(
                9_950, Duration.ofMillis(1_500), 1_000_000, 5_000, clock, d -> clock.millis += d.toMillis());
        List<Long> admitted = new ArrayList<>();
        for (int stall : stalls) {
            clock.millis += stall;
            for (int i = 0; i < callsBetween; i++) {
                governor.acquire("wwcorp", API);
                admitted.add(clock.millis);
            }
        }
        assertThat(most(admitted, 61_500)).isLessThanOrEqualTo(9_950);
    }

    @Test
    void theHourLimitHoldsAfterTheMinutesHaveUsedIt() throws Exception {
        PausedClock clock = new PausedClock();
        QuotaGovernor governor = governor(clock, 20_000);
        long start = clock.millis;
        for (int i = 0; i < 20_000; i++) {
            governor.acquire("wwcorp", "/cgi-bin/message/send");
        }
        assertThat(clock.millis - start).as("the minute pace spread them").isBetween(120_000L, 130_000L);
        governor.acquire("wwcorp", "/cgi-bin/message/send");
        assertThat(clock.millis - start)
                .as("the 20,001st waits until the first minute has left the hour")
                .isGreaterThanOrEqualTo(59 * 60_000L);
    }

    @Test
    void eachApiHasItsOwnBucket() throws Exception {
        PausedClock clock = new PausedClock();
        QuotaGovernor governor =
                new QuotaGovernor(60, Duration.ZERO, 1_000, 1, clock, d -> clock.millis += d.toMillis());
        governor.acquire("wwcorp", "/a");
        governor.acquire("wwcorp", "/b");
        long before = clock.millis;
        governor.acquire("wwcorp", "/a");
        assertThat(clock.millis - before).as("one a second after the first").isEqualTo(1_000);
    }
}
