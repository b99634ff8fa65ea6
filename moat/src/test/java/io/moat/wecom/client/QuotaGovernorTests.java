package io.moat.wecom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The governor's token bucket on a clock that only moves when the governor waits. */
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

    @Test
    void callsAsFastAsAllowedUseAtLeast95PercentOfTheMinuteLimitAndNeverPassItEvenWithJitter() throws Exception {
        PausedClock clock = new PausedClock();
        QuotaGovernor governor =
                new QuotaGovernor(9_650, 1_000_000, 10, clock, duration -> clock.millis += duration.toMillis());
        List<Long> admitted = new ArrayList<>();
        long start = clock.millis;
        while (clock.millis - start < 10 * 60_000) {
            governor.acquire("wwcorp", "/cgi-bin/externalcontact/add_msg_template");
            admitted.add(clock.millis);
        }
        assertThat(admitted.size())
                .as("calls in 10 minutes: at least 95 % of 10,000 a minute")
                .isGreaterThanOrEqualTo(95_000);
        // WeCom counts arrivals; a call's time in transit varies, so a minute of WeCom's may hold the calls of a
        // longer span of ours. Up to 2.1 s of spread, no span may hold more than 10,000.
        long span = 60_000 + 2_100;
        int most = 0;
        for (int first = 0, last = 0; last < admitted.size(); last++) {
            while (admitted.get(last) - admitted.get(first) >= span) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        assertThat(most).isLessThanOrEqualTo(10_000).isGreaterThan(9_650);
    }

    @Test
    void theHourLimitHoldsAfterTheMinutesHaveUsedIt() throws Exception {
        PausedClock clock = new PausedClock();
        QuotaGovernor governor = new QuotaGovernor(9_650, 20_000, 10, clock, d -> clock.millis += d.toMillis());
        long start = clock.millis;
        for (int i = 0; i < 20_000; i++) {
            governor.acquire("wwcorp", "/cgi-bin/message/send");
        }
        assertThat(clock.millis - start).as("the minute bucket paced them").isBetween(120_000L, 130_000L);
        governor.acquire("wwcorp", "/cgi-bin/message/send");
        assertThat(clock.millis - start)
                .as("the 20,001st waits until the first minute has left the hour")
                .isGreaterThanOrEqualTo(59 * 60_000L);
    }

    @Test
    void eachApiHasItsOwnBucket() throws Exception {
        PausedClock clock = new PausedClock();
        QuotaGovernor governor = new QuotaGovernor(60, 1_000, 1, clock, d -> clock.millis += d.toMillis());
        governor.acquire("wwcorp", "/a");
        governor.acquire("wwcorp", "/b");
        long before = clock.millis;
        governor.acquire("wwcorp", "/a");
        assertThat(clock.millis - before).as("one a second after the first").isEqualTo(1_000);
    }
}
