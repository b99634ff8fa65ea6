package io.moat.acquisition.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.acquisition.rotation.StaffRotation.Mode;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The rotation's invariants over generated teams and visit sequences, and the issue's own scenario. */
class StaffRotationTests {

    private static final LocalDateTime MONDAY_NOON = LocalDateTime.of(2026, 11, 23, 12, 0);

    @Property
    void noStaffMemberEverGoesOverTheirDailyCap(
            @ForAll("teams") List<StaffSlot> team, @ForAll Mode mode, @ForAll @IntRange(max = 400) int visits) {
        var rotation = new StaffRotation(mode, false, team);
        Map<String, Integer> assigned = run(rotation, visits, MONDAY_NOON);

        for (StaffSlot slot : team) {
            if (slot.dailyCap() != null) {
                assertThat(assigned.getOrDefault(slot.staffUserId(), 0)).isLessThanOrEqualTo(slot.dailyCap());
            }
        }
    }

    @Property
    void offlineAndOffDutyStaffAreNeverChosen(
            @ForAll("teams") List<StaffSlot> team, @ForAll Mode mode, @ForAll("times") LocalDateTime at) {
        var rotation = new StaffRotation(mode, false, team);
        Map<String, Integer> assigned = run(rotation, 200, at);

        for (StaffSlot slot : team) {
            if (!slot.online() || !slot.hours().onDuty(at)) {
                assertThat(assigned).doesNotContainKey(slot.staffUserId());
            }
        }
    }

    @Property
    void aBackupIsChosenOnlyWhenNoPrimaryIsAvailable(
            @ForAll("teams") List<StaffSlot> team, @ForAll Mode mode, @ForAll("times") LocalDateTime at) {
        var rotation = new StaffRotation(mode, false, team);
        Map<String, Integer> assigned = new HashMap<>();
        for (int visit = 0; visit < 200; visit++) {
            Decision decision = rotation.choose(at, assigned, Optional.empty());
            boolean primaryFree = team.stream()
                    .anyMatch(slot -> !slot.backup()
                            && slot.online()
                            && slot.hours().onDuty(at)
                            && slot.below(assigned.getOrDefault(slot.staffUserId(), 0)));
            if (decision.kind() == Decision.Kind.BACKUP || decision.kind() == Decision.Kind.NONE) {
                assertThat(primaryFree).as(decision.toString()).isFalse();
            } else {
                assertThat(decision.kind()).isEqualTo(Decision.Kind.PRIMARY);
            }
            decision.staff().ifPresent(staff -> assigned.merge(staff, 1, Integer::sum));
        }
    }

    @Property
    void aReturningVisitorGetsTheSameStaffMemberWhileTheyAreAvailable(
            @ForAll("teams") List<StaffSlot> team, @ForAll Mode mode, @ForAll @IntRange(max = 50) int before) {
        var rotation = new StaffRotation(mode, true, team);
        Map<String, Integer> assigned = run(rotation, before, MONDAY_NOON);
        Decision first = rotation.choose(MONDAY_NOON, assigned, Optional.empty());
        if (first.staff().isEmpty()) {
            return;
        }
        assigned.merge(first.staffUserId(), 1, Integer::sum);
        StaffSlot slot = team.stream()
                .filter(s -> s.staffUserId().equals(first.staffUserId()))
                .findFirst()
                .orElseThrow();

        Decision again = rotation.choose(MONDAY_NOON, assigned, first.staff());

        if (slot.below(assigned.get(slot.staffUserId()))) {
            assertThat(again.kind()).isEqualTo(Decision.Kind.STICKY);
            assertThat(again.staffUserId()).isEqualTo(first.staffUserId());
        } else {
            assertThat(again.kind()).isNotEqualTo(Decision.Kind.STICKY);
        }
    }

    @Property
    void somebodyIsChosenWheneverSomebodyIsAvailable(@ForAll("teams") List<StaffSlot> team, @ForAll Mode mode) {
        var rotation = new StaffRotation(mode, false, team);
        Map<String, Integer> assigned = new HashMap<>();
        for (int visit = 0; visit < 200; visit++) {
            Decision decision = rotation.choose(MONDAY_NOON, assigned, Optional.empty());
            boolean anyFree = team.stream()
                    .anyMatch(slot -> slot.online()
                            && slot.hours().onDuty(MONDAY_NOON)
                            && slot.below(assigned.getOrDefault(slot.staffUserId(), 0)));
            assertThat(decision.kind() != Decision.Kind.NONE).isEqualTo(anyFree);
            decision.staff().ifPresent(staff -> assigned.merge(staff, 1, Integer::sum));
        }
    }

    @Test
    void weightedSharesFollowTheWeights() {
        var team = List.of(slot("a", 1, null, false, true), slot("b", 3, null, false, true));
        Map<String, Integer> assigned = run(new StaffRotation(Mode.WEIGHTED, false, team), 400, MONDAY_NOON);
        assertThat(assigned).containsEntry("a", 100).containsEntry("b", 300);
    }

    @Test
    void roundRobinAlternatesWhateverTheWeights() {
        var team = List.of(slot("a", 1, null, false, true), slot("b", 3, null, false, true));
        var rotation = new StaffRotation(Mode.ROUND_ROBIN, false, team);
        Map<String, Integer> assigned = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (int visit = 0; visit < 4; visit++) {
            String staff =
                    rotation.choose(MONDAY_NOON, assigned, Optional.empty()).staffUserId();
            order.add(staff);
            assigned.merge(staff, 1, Integer::sum);
        }
        assertThat(order).containsExactly("a", "b", "a", "b");
    }

    @Test
    void thousandVisitsOverCapsOf300And300And500WithOneOffDutyGoTheRestToTheBackup() {
        var offDuty = new WorkingHours(
                Map.of(DayOfWeek.MONDAY, List.of(new WorkingHours.Shift(LocalTime.of(18, 0), LocalTime.of(22, 0)))));
        var team = List.of(
                slot("a", 1, 300, false, true),
                slot("b", 1, 300, false, true),
                new StaffSlot("c", 1, 500, offDuty, false, true),
                slot("backup", 1, null, true, true));
        Map<String, Integer> assigned = run(new StaffRotation(Mode.ROUND_ROBIN, true, team), 1000, MONDAY_NOON);
        assertThat(assigned).containsExactlyInAnyOrderEntriesOf(Map.of("a", 300, "b", 300, "backup", 400));
    }

    private static Map<String, Integer> run(StaffRotation rotation, int visits, LocalDateTime at) {
        Map<String, Integer> assigned = new HashMap<>();
        for (int visit = 0; visit < visits; visit++) {
            rotation.choose(at, assigned, Optional.empty())
                    .staff()
                    .ifPresent(staff -> assigned.merge(staff, 1, Integer::sum));
        }
        return assigned;
    }

    private static StaffSlot slot(String id, int weight, Integer cap, boolean backup, boolean online) {
        return new StaffSlot(id, weight, cap, WorkingHours.ALWAYS, backup, online);
    }

    @Provide
    Arbitrary<List<StaffSlot>> teams() {
        return Arbitraries.integers().between(1, 6).flatMap(size -> {
            List<Arbitrary<StaffSlot>> slots = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                slots.add(slot("s" + i));
            }
            return Combinators.combine(slots).as(List::copyOf);
        });
    }

    private Arbitrary<StaffSlot> slot(String id) {
        Arbitrary<Integer> weight = Arbitraries.integers().between(1, 5);
        Arbitrary<Integer> cap = Arbitraries.integers().between(0, 80).injectNull(0.3);
        return Combinators.combine(
                        weight, cap, hours(), Arbitraries.of(true, false), Arbitraries.of(true, true, true, false))
                .as((w, c, h, backup, online) -> new StaffSlot(id, w, c, h, backup, online));
    }

    private Arbitrary<WorkingHours> hours() {
        Arbitrary<WorkingHours> shifts = Combinators.combine(
                        Arbitraries.of(DayOfWeek.values()).set().ofMaxSize(7),
                        Arbitraries.integers().between(0, 22),
                        Arbitraries.integers().between(1, 12))
                .as((days, start, length) -> {
                    var shift = new WorkingHours.Shift(
                            LocalTime.of(start, 0), LocalTime.of(Math.min(23, start + length), 59));
                    Map<DayOfWeek, List<WorkingHours.Shift>> map = new HashMap<>();
                    days.forEach(day -> map.put(day, List.of(shift)));
                    return new WorkingHours(map);
                });
        return Arbitraries.oneOf(Arbitraries.just(WorkingHours.ALWAYS), shifts);
    }

    @Provide
    Arbitrary<LocalDateTime> times() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 6),
                        Arbitraries.integers().between(0, 1439))
                .as((day, minute) ->
                        MONDAY_NOON.toLocalDate().plusDays(day).atStartOfDay().plusMinutes(minute));
    }
}
