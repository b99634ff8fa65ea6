package io.moat.community.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Check-in streaks count calendar days where the workspace is: one per day, broken by a whole day missed. */
class StreakTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");

    @Test
    void consecutiveDaysGrowTheStreakAndAGapStartsAgain() {
        Streak one = Streak.after(null, LocalDate.parse("2026-11-01"));
        Streak two = Streak.after(one, LocalDate.parse("2026-11-02"));
        assertThat(two).isEqualTo(new Streak(LocalDate.parse("2026-11-02"), 2));
        assertThat(Streak.after(two, LocalDate.parse("2026-11-02")))
                .as("the same day again")
                .isEqualTo(two);
        assertThat(Streak.after(two, LocalDate.parse("2026-11-04")))
                .isEqualTo(new Streak(LocalDate.parse("2026-11-04"), 1));
        assertThat(two.firstDay()).isEqualTo(LocalDate.parse("2026-11-01"));
    }

    @Test
    void aStreakIsAliveUntilAWholeDayPassesWithoutACheckIn() {
        Streak streak = new Streak(LocalDate.parse("2026-11-10"), 5);
        assertThat(streak.lengthOn(LocalDate.parse("2026-11-10"))).isEqualTo(5);
        assertThat(streak.lengthOn(LocalDate.parse("2026-11-11")))
                .as("not yet checked in today")
                .isEqualTo(5);
        assertThat(streak.lengthOn(LocalDate.parse("2026-11-12"))).isZero();
    }

    @Test
    void theDayIsTheWorkspacesNotUtcs() {
        // 23:59 and 00:01 in Shanghai are two days (15:59 and 16:01 UTC, the same UTC day)
        Instant lateEvening = Instant.parse("2026-11-10T15:59:00Z");
        Instant justAfterMidnight = Instant.parse("2026-11-10T16:01:00Z");
        Streak first = Streak.after(null, Streak.day(lateEvening, SHANGHAI));
        assertThat(Streak.after(first, Streak.day(justAfterMidnight, SHANGHAI)).length())
                .isEqualTo(2);
        // the same two instants are one afternoon in Los Angeles
        Streak la = Streak.after(null, Streak.day(lateEvening, LOS_ANGELES));
        assertThat(Streak.after(la, Streak.day(justAfterMidnight, LOS_ANGELES))).isEqualTo(la);
    }

    @Test
    void theDaylightSavingChangeIsStillOneDay() {
        // Los Angeles falls back on 2026-11-01: that day has 25 hours
        Streak before = Streak.after(null, Streak.day(Instant.parse("2026-10-31T19:00:00Z"), LOS_ANGELES));
        Streak after = Streak.after(before, Streak.day(Instant.parse("2026-11-02T07:30:00Z"), LOS_ANGELES));
        assertThat(after.length()).as("10-31 noon, then 11-01 23:30").isEqualTo(2);
    }

    /**
     * Any check-in times in any zone: the streak kept row by row equals the run of consecutive days ending at the
     * last day, worked out from the set of days alone.
     */
    @Property(tries = 500)
    void theKeptStreakIsTheRunOfDaysEndingAtTheLast(
            @ForAll("instants") List<Instant> times, @ForAll("zones") ZoneId zone) {
        List<Instant> sorted = times.stream().sorted().toList();
        Streak kept = null;
        TreeSet<LocalDate> days = new TreeSet<>();
        for (Instant at : sorted) {
            kept = Streak.after(kept, Streak.day(at, zone));
            days.add(Streak.day(at, zone));
        }
        int run = 0;
        for (LocalDate day = days.last(); days.contains(day); day = day.minusDays(1)) {
            run++;
        }
        assertThat(kept.lastDay()).isEqualTo(days.last());
        assertThat(kept.length()).isEqualTo(run);
    }

    @Property(tries = 200)
    void aCheckInOnTheSameDayNeverChangesTheStreak(
            @ForAll @IntRange(min = 1, max = 365) int length, @ForAll @IntRange(min = 0, max = 86_399) int second) {
        LocalDate day = LocalDate.parse("2026-03-08");
        Streak streak = new Streak(day, length);
        Instant sameDay = day.atStartOfDay(SHANGHAI).toInstant().plusSeconds(second);
        assertThat(Streak.after(streak, Streak.day(sameDay, SHANGHAI))).isEqualTo(streak);
    }

    @Test
    void aGoalIsReachedOnceTheStreakIsLongEnough() {
        CheckInGoal goal = new CheckInGoal(21, 100, "21 天打卡礼");
        assertThat(goal.reachedBy(new Streak(LocalDate.parse("2026-11-21"), 20)))
                .isFalse();
        assertThat(goal.reachedBy(new Streak(LocalDate.parse("2026-11-21"), 21)))
                .isTrue();
        assertThat(CheckInGoal.off().reachedBy(new Streak(LocalDate.parse("2026-11-21"), 300)))
                .isFalse();
    }

    @Provide
    Arbitrary<List<Instant>> instants() {
        // within three weeks, often hours apart, so runs, gaps and same-day repeats all occur
        Instant start = Instant.parse("2026-10-20T00:00:00Z");
        return Arbitraries.longs()
                .between(0, Duration.ofDays(21).toMinutes())
                .map(minutes -> start.plus(Duration.ofMinutes(minutes)))
                .list()
                .ofMinSize(1)
                .ofMaxSize(60);
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(
                ZoneId.of("UTC"),
                SHANGHAI,
                LOS_ANGELES,
                ZoneId.of("Pacific/Kiritimati"),
                ZoneId.of("Pacific/Pago_Pago"),
                ZoneId.of("Asia/Kathmandu"));
    }
}
