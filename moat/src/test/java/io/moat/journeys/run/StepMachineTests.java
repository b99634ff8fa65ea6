package io.moat.journeys.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.journeys.definition.DefinitionJson;
import io.moat.journeys.definition.JourneyDefinition;
import io.moat.journeys.definition.JourneyEvent;
import io.moat.journeys.definition.Step;
import io.moat.journeys.run.Progress.Ending;
import io.moat.journeys.run.Progress.Finished;
import io.moat.journeys.run.Progress.Waiting;
import io.moat.journeys.run.StepMachine.Wake;
import io.moat.journeys.templates.JourneyTemplates;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class StepMachineTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    record Fixed(boolean condition, int bucket) implements StepMachine.Decisions {
        @Override
        public boolean holds(Step.Branch branch) {
            return condition;
        }

        @Override
        public int bucket(Step.Split split) {
            return bucket;
        }

        @Override
        public ZoneId zone() {
            return SHANGHAI;
        }
    }

    static StepMachine machine(String json) {
        return new StepMachine(DefinitionJson.parse(json, (node, field) -> {}));
    }

    static Instant shanghai(String local) {
        return java.time.LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    @Test
    void theNewFanTemplateSendsOnDayZeroInWeekOneAndInWeekTwoAtTenInTheMorning() {
        var machine = new StepMachine(DefinitionJson.parse(
                JourneyTemplates.byKey("new-fan").orElseThrow().definition(), (n, f) -> {}));
        var decisions = new Fixed(true, 0);
        Instant added = shanghai("2026-11-02T21:40:00");

        Progress start = machine.start(added, decisions);
        assertThat(start.actions()).extracting(Step::id).containsExactly("welcome");
        assertThat(start.next()).isEqualTo(new Waiting("week1-wait", added.plus(Duration.ofDays(6)), null));

        Progress week1 = machine.wake("week1-wait", Wake.DUE, added.plus(Duration.ofDays(6)), decisions);
        assertThat(week1.actions()).isEmpty();
        assertThat(week1.next()).isEqualTo(new Waiting("week1-time", shanghai("2026-11-09T10:00:00"), null));

        Progress offer = machine.wake("week1-time", Wake.DUE, shanghai("2026-11-09T10:00:00"), decisions);
        assertThat(offer.actions()).extracting(Step::id).containsExactly("first-order");
        assertThat(offer.passed()).containsExactly("week1-time", "first-order");
        assertThat(offer.entered()).containsExactly("first-order", "week2-wait");

        Progress week2 = machine.wake("week2-wait", Wake.DUE, shanghai("2026-11-16T10:00:00"), decisions);
        assertThat(week2.next()).isEqualTo(new Waiting("week2-time", shanghai("2026-11-16T10:00:00"), null));
        Progress last = machine.wake("week2-time", Wake.DUE, shanghai("2026-11-16T10:00:00"), decisions);
        assertThat(last.actions()).extracting(Step::id).containsExactly("activation");
        assertThat(last.next()).isEqualTo(new Finished(Ending.COMPLETED, null));
    }

    @Test
    void aWaitCountsFromWhenTheStepWasDueNotWhenAWorkerRanIt() {
        var machine = machine("""
                {"trigger":{"type":"manual"},"steps":[{"id":"w","type":"wait","days":1},{"id":"w2","type":"wait","hours":3}]}
                """);
        Instant due = Instant.parse("2026-11-03T02:00:00Z");
        // the caller passes the logical time (the row's due time), so the second wait ends 3 h after it
        Progress next = machine.wake("w", Wake.DUE, due, new Fixed(true, 0));
        assertThat(next.next()).isEqualTo(new Waiting("w2", due.plus(Duration.ofHours(3)), null));
    }

    @Test
    void branchesJoinAfterTheBranchingStepAndExitEndsTheJourney() {
        String json = """
                {"trigger":{"type":"manual"},"steps":[
                  {"id":"b","type":"branch","condition":{},"yes":[{"id":"y","type":"sendMessage","text":"y"}],
                                                             "no":[{"id":"n","type":"sendMessage","text":"n"},{"id":"x","type":"exit"}]},
                  {"id":"after","type":"addTags","tagIds":[1]}]}
                """;
        Progress yes = machine(json).start(Instant.EPOCH, new Fixed(true, 0));
        assertThat(yes.actions()).extracting(Step::id).containsExactly("y", "after");
        assertThat(yes.next()).isEqualTo(new Finished(Ending.COMPLETED, null));
        Progress no = machine(json).start(Instant.EPOCH, new Fixed(false, 0));
        assertThat(no.actions()).extracting(Step::id).containsExactly("n");
        assertThat(no.next()).isEqualTo(new Finished(Ending.EXITED, "x"));
        assertThat(no.passed()).doesNotContain("x");
    }

    @Test
    void waitingForAnEventContinuesInTheEventOrTheTimeoutSequence() {
        var machine = machine("""
                {"trigger":{"type":"manual"},"steps":[
                  {"id":"e","type":"waitForEvent","event":"orderPaid","days":14,
                   "onEvent":[{"id":"thanks","type":"sendMessage","text":"t"}],
                   "onTimeout":[{"id":"coupon","type":"sendMessage","text":"c"}]},
                  {"id":"end","type":"sendMessage","text":"e"}]}
                """);
        Progress start = machine.start(Instant.EPOCH, new Fixed(true, 0));
        assertThat(start.next())
                .isEqualTo(new Waiting("e", Instant.EPOCH.plus(Duration.ofDays(14)), JourneyEvent.ORDER_PAID));
        assertThat(machine.wake("e", Wake.EVENT, Instant.EPOCH, new Fixed(true, 0))
                        .actions())
                .extracting(Step::id)
                .containsExactly("thanks", "end");
        assertThat(machine.wake("e", Wake.TIMEOUT, Instant.EPOCH, new Fixed(true, 0))
                        .actions())
                .extracting(Step::id)
                .containsExactly("coupon", "end");
    }

    @Test
    void waitUntilFindsTheNextAllowedWeekdayInTheWorkspaceZone() {
        var until = new Step.WaitUntil(
                "w", java.time.LocalTime.of(10, 30), Set.of(java.time.DayOfWeek.SATURDAY, java.time.DayOfWeek.SUNDAY));
        // Sunday 11:00 in Shanghai: today's 10:30 has passed, so next Saturday
        Instant sunday = shanghai("2026-11-22T11:00:00");
        assertThat(NextTime.after(sunday, until, SHANGHAI)).isEqualTo(shanghai("2026-11-28T10:30:00"));
        // Saturday 02:30 UTC is 10:30 in Shanghai: that moment itself
        assertThat(NextTime.after(shanghai("2026-11-28T10:30:00"), until, SHANGHAI))
                .isEqualTo(shanghai("2026-11-28T10:30:00"));
        // Friday evening in UTC is already Saturday morning in Shanghai
        assertThat(NextTime.after(Instant.parse("2026-11-27T20:00:00Z"), until, SHANGHAI))
                .isEqualTo(shanghai("2026-11-28T10:30:00"));
    }

    @Property
    void everyBucketFallsIntoExactlyTheArmItsShareCovers(
            @ForAll @IntRange(min = 1, max = 98) int a, @ForAll @IntRange(min = 0, max = 99) int bucket) {
        int b = 99 - a;
        var split = new Step.Split("s", List.of(new Step.Arm("A", a, List.of()), new Step.Arm("B", b, List.of())), 1);
        var arm = StepMachine.arm(split, bucket);
        if (bucket < a) {
            assertThat(arm.orElseThrow().name()).isEqualTo("A");
        } else if (bucket < 99) {
            assertThat(arm.orElseThrow().name()).isEqualTo("B");
        } else {
            assertThat(arm).isEmpty();
        }
    }

    @Test
    void splitBucketsAreStableAndSpreadEvenly() {
        int journey = 42;
        int[] counts = new int[100];
        for (int customer = 1; customer <= 20_000; customer++) {
            int bucket = SplitBucket.of(7, journey, "ab", customer, 1);
            assertThat(bucket).isEqualTo(SplitBucket.of(7, journey, "ab", customer, 1));
            counts[bucket]++;
        }
        // 200 expected per bucket; a fair hash stays well inside ±40 %
        assertThat(java.util.stream.IntStream.of(counts).boxed().toList())
                .allSatisfy(c -> assertThat(c).isBetween(120, 280));
    }

    /**
     * Any run of any template, under any decisions and wakes, enters each step at most once, passes only steps it
     * entered, and ends waiting or finished after finitely many steps.
     */
    @Property
    void runsNeverRevisitAStepAndAlwaysStop(
            @ForAll @IntRange(min = 0, max = 4) int template,
            @ForAll boolean condition,
            @ForAll @IntRange(min = 0, max = 99) int bucket,
            @ForAll boolean eventsCome) {
        var definition = JourneyTemplates.all().get(template).definition();
        JourneyDefinition parsed = DefinitionJson.parse(definition, (n, f) -> {});
        var machine = new StepMachine(parsed);
        var decisions = new Fixed(condition, bucket);
        List<String> entered = new ArrayList<>();
        Set<String> passed = new HashSet<>();
        Progress progress =
                machine.start(ZonedDateTime.parse("2026-11-02T09:00:00+08:00").toInstant(), decisions);
        for (int hops = 0; ; hops++) {
            assertThat(hops).isLessThan(parsed.allSteps().size() + 1);
            entered.addAll(progress.entered());
            passed.addAll(progress.passed());
            if (!(progress.next() instanceof Waiting waiting)) {
                break;
            }
            Wake wake = waiting.awaiting() == null ? Wake.DUE : eventsCome ? Wake.EVENT : Wake.TIMEOUT;
            progress = machine.wake(waiting.stepId(), wake, waiting.due(), decisions);
        }
        assertThat(entered).doesNotHaveDuplicates();
        assertThat(entered).containsAll(passed);
    }
}
