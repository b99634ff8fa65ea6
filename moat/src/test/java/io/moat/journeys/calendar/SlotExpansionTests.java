package io.moat.journeys.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SlotExpansionTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static SopSlot daily(String key, int hour, int minute) {
        return new SopSlot(key, null, LocalTime.of(hour, minute), key, "text", List.of());
    }

    static SopSlot weekly(String key, DayOfWeek day, int hour, int minute) {
        return new SopSlot(key, day, LocalTime.of(hour, minute), key, "text", List.of());
    }

    @Test
    void aWeekOfTheHandbooksCalendarInShanghai() {
        List<SopSlot> slots = List.of(
                daily("checkin", 8, 0),
                daily("noon", 12, 0),
                daily("qa", 20, 30),
                weekly("seeding", DayOfWeek.MONDAY, 10, 0),
                weekly("member-day", DayOfWeek.WEDNESDAY, 19, 0),
                weekly("referral", DayOfWeek.FRIDAY, 18, 0));
        // Monday 2026-11-23 00:00 Shanghai is Sunday 16:00 UTC
        Instant from = LocalDate.of(2026, 11, 23).atStartOfDay(SHANGHAI).toInstant();
        var week = SlotExpansion.between(slots, SHANGHAI, from, from.plus(Duration.ofDays(7)));
        assertThat(week).hasSize(7 * 3 + 3);
        assertThat(week.get(0).slot().key()).isEqualTo("checkin");
        assertThat(week.get(0).at()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(week.get(1).slot().key()).isEqualTo("seeding");
        assertThat(week.get(1).at()).isEqualTo(Instant.parse("2026-11-23T02:00:00Z"));
        assertThat(week.stream().filter(o -> o.slot().key().equals("member-day")))
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.date()).isEqualTo(LocalDate.of(2026, 11, 25));
                    assertThat(o.at()).isEqualTo(Instant.parse("2026-11-25T11:00:00Z"));
                });
        // the 20:30 Q&A of Sunday 29 November falls on 12:30 UTC of that day; the week ends before Monday's check-in
        assertThat(week.get(week.size() - 1).at()).isEqualTo(Instant.parse("2026-11-29T12:30:00Z"));
    }

    @Test
    void aDaylightSavingGapMovesTheSlotForwardAndItStillFiresOnce() {
        // 2027-03-14 02:00 New York jumps to 03:00: a 02:30 slot falls on 03:30 EDT that day
        var slot = daily("early", 2, 30);
        Instant from = LocalDate.of(2027, 3, 13).atStartOfDay(NEW_YORK).toInstant();
        var days = SlotExpansion.between(List.of(slot), NEW_YORK, from, from.plus(Duration.ofDays(3)));
        assertThat(days)
                .extracting(Occurrence::date)
                .containsExactly(LocalDate.of(2027, 3, 13), LocalDate.of(2027, 3, 14), LocalDate.of(2027, 3, 15));
        assertThat(days.get(1).at()).isEqualTo(Instant.parse("2027-03-14T07:30:00Z"));
        assertThat(days.get(2).at()).isEqualTo(Instant.parse("2027-03-15T06:30:00Z"));
    }

    @Test
    void aDaylightSavingOverlapFiresOnceOnTheEarlierInstant() {
        // 2026-11-01 02:00 EDT falls back to 01:00 EST: 01:30 happens twice
        var slot = daily("late", 1, 30);
        Instant from = LocalDate.of(2026, 11, 1).atStartOfDay(NEW_YORK).toInstant();
        var day = SlotExpansion.between(List.of(slot), NEW_YORK, from, from.plus(Duration.ofHours(25)));
        assertThat(day).singleElement().satisfies(o -> assertThat(o.at())
                .isEqualTo(Instant.parse("2026-11-01T05:30:00Z")));
    }

    @Property(tries = 300)
    void consecutiveWindowsNeitherMissNorRepeatAnOccurrence(
            @ForAll("slots") List<SopSlot> slots,
            @ForAll("zones") String zoneId,
            @ForAll @IntRange(min = 0, max = 400) int startDay,
            @ForAll @IntRange(min = 1, max = 5000) int firstMinutes,
            @ForAll @IntRange(min = 1, max = 5000) int secondMinutes) {
        ZoneId zone = ZoneId.of(zoneId);
        Instant a = Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofDays(startDay));
        Instant b = a.plus(Duration.ofMinutes(firstMinutes));
        Instant c = b.plus(Duration.ofMinutes(secondMinutes));
        List<Occurrence> joined = new ArrayList<>(SlotExpansion.between(slots, zone, a, b));
        joined.addAll(SlotExpansion.between(slots, zone, b, c));
        assertThat(joined).isEqualTo(SlotExpansion.between(slots, zone, a, c));
    }

    @Property(tries = 300)
    void everyOccurrenceIsOnItsWeekdayAtItsLocalTimeOncePerSlotAndDay(
            @ForAll("slots") List<SopSlot> slots,
            @ForAll("zones") String zoneId,
            @ForAll @IntRange(min = 0, max = 400) int startDay) {
        ZoneId zone = ZoneId.of(zoneId);
        Instant from = Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofDays(startDay));
        var found = SlotExpansion.between(slots, zone, from, from.plus(Duration.ofDays(14)));
        for (Occurrence o : found) {
            assertThat(o.slot().firesOn(o.date())).isTrue();
            var local = o.at().atZone(zone);
            if (!zone.getRules().isDaylightSavings(o.at())
                    && zone.getRules().getTransitions().isEmpty()) {
                assertThat(local.toLocalDate()).isEqualTo(o.date());
                assertThat(local.toLocalTime()).isEqualTo(o.slot().time());
            }
        }
        assertThat(found.stream().map(o -> o.slot().key() + "@" + o.date()).distinct())
                .hasSameSizeAs(found);
        // fourteen days hold each daily slot fourteen times and each weekly one twice, give or take the window's ends
        for (SopSlot slot : slots) {
            long n = found.stream().filter(o -> o.slot() == slot).count();
            assertThat(n).isBetween(slot.weekday() == null ? 13L : 1L, slot.weekday() == null ? 15L : 3L);
        }
    }

    @Property(tries = 200)
    void inAZoneWithoutDaylightSavingADailySlotIsTwentyFourHoursApart(
            @ForAll @IntRange(min = 0, max = 23) int hour,
            @ForAll @IntRange(min = 0, max = 59) int minute,
            @ForAll("fixedZones") String zoneId,
            @ForAll @IntRange(min = 0, max = 700) int startDay) {
        ZoneId zone = ZoneId.of(zoneId);
        Instant from = Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofDays(startDay));
        var found =
                SlotExpansion.between(List.of(daily("d", hour, minute)), zone, from, from.plus(Duration.ofDays(10)));
        for (int i = 1; i < found.size(); i++) {
            assertThat(Duration.between(found.get(i - 1).at(), found.get(i).at()))
                    .isEqualTo(Duration.ofDays(1));
            assertThat(found.get(i).at().atZone(zone).toLocalTime()).isEqualTo(LocalTime.of(hour, minute));
        }
    }

    @Property(tries = 300)
    void nextIsTheFirstOccurrenceAfterTheMoment(
            @ForAll("slots") List<SopSlot> slots,
            @ForAll("zones") String zoneId,
            @ForAll @IntRange(min = 0, max = 100_000) int minutes) {
        ZoneId zone = ZoneId.of(zoneId);
        Instant after = Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofMinutes(minutes));
        var next = SlotExpansion.next(slots, zone, after).orElseThrow();
        assertThat(next.at()).isAfter(after);
        assertThat(SlotExpansion.between(slots, zone, after, next.at().minusSeconds(1)))
                .isEmpty();
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.of(
                "Asia/Shanghai",
                "Asia/Kolkata",
                "UTC",
                "America/New_York",
                "Europe/London",
                "Australia/Lord_Howe",
                "Pacific/Chatham",
                "America/Sao_Paulo");
    }

    @Provide
    Arbitrary<String> fixedZones() {
        return Arbitraries.of("Asia/Shanghai", "Asia/Tokyo", "Asia/Kolkata", "UTC", "Asia/Kathmandu");
    }

    @Provide
    Arbitrary<List<SopSlot>> slots() {
        Arbitrary<SopSlot> slot = Combinators.combine(
                        Arbitraries.integers().between(0, 7),
                        Arbitraries.integers().between(0, 23),
                        Arbitraries.integers().between(0, 59))
                .as((day, hour, minute) -> day == 0
                        ? daily("d" + hour + "-" + minute, hour, minute)
                        : weekly("w" + day + "-" + hour + "-" + minute, DayOfWeek.of(day), hour, minute));
        return slot.list().ofMinSize(1).ofMaxSize(8).uniqueElements(SopSlot::key);
    }
}
