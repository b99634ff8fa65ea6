package io.moat.customers.value;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RfmScoringTests {

    @Test
    void fiveDistinctBuyersGetOneScoreEach() {
        RfmScores[] scores = RfmScoring.quintiles(
                new long[] {1, 10, 20, 30, 40}, new long[] {5, 4, 3, 2, 1}, new long[] {100, 200, 300, 400, 500});

        assertThat(scores).extracting(RfmScores::recency).containsExactly(5, 4, 3, 2, 1);
        assertThat(scores).extracting(RfmScores::frequency).containsExactly(5, 4, 3, 2, 1);
        assertThat(scores).extracting(RfmScores::monetary).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void tenBuyersFillEachQuintileWithTwo() {
        long[] spend = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
        RfmScores[] scores = RfmScoring.quintiles(new long[10], new long[10], spend);

        assertThat(scores).extracting(RfmScores::monetary).containsExactly(1, 1, 2, 2, 3, 3, 4, 4, 5, 5);
    }

    @Test
    void tiedBuyersScoreAlike() {
        RfmScores[] scores = RfmScoring.quintiles(new long[] {7, 7, 7}, new long[] {2, 2, 2}, new long[] {5, 5, 5});

        assertThat(scores).allSatisfy(s -> assertThat(s).isEqualTo(scores[0]));
    }

    @Test
    void segmentsFollowHighAndLowScores() {
        assertThat(new RfmScores(5, 5, 5).segment()).isEqualTo(RfmSegment.CHAMPIONS);
        assertThat(new RfmScores(4, 1, 4).segment()).isEqualTo(RfmSegment.PROMISING_BIG_SPENDERS);
        assertThat(new RfmScores(1, 4, 4).segment()).isEqualTo(RfmSegment.AT_RISK_LOYALISTS);
        assertThat(new RfmScores(2, 2, 5).segment()).isEqualTo(RfmSegment.CANT_LOSE);
        assertThat(new RfmScores(3, 3, 2).segment()).isEqualTo(RfmSegment.LOYAL_LOW_SPENDERS);
        assertThat(new RfmScores(5, 1, 1).segment()).isEqualTo(RfmSegment.NEW_OR_OCCASIONAL);
        assertThat(new RfmScores(1, 5, 1).segment()).isEqualTo(RfmSegment.FADING_REGULARS);
        assertThat(new RfmScores(1, 1, 1).segment()).isEqualTo(RfmSegment.HIBERNATING);
    }

    @Test
    void fixedThresholdsScoreRecencyLowerIsBetter() {
        var thresholds = new RfmScoring.Thresholds(
                new long[] {180, 90, 30, 7}, new long[] {2, 3, 5, 10}, new long[] {10_000, 50_000, 100_000, 500_000});

        assertThat(RfmScoring.byThresholds(5, 12, 600_000, thresholds)).isEqualTo(new RfmScores(5, 5, 5));
        assertThat(RfmScoring.byThresholds(100, 3, 20_000, thresholds)).isEqualTo(new RfmScores(2, 3, 2));
        assertThat(RfmScoring.byThresholds(200, 1, 100, thresholds)).isEqualTo(new RfmScores(1, 1, 1));
    }

    @Property
    void scoresAreOneToFiveAndMonotone(
            @ForAll @Size(min = 1, max = 60) long @LongRange(min = 0, max = 400) [] recency) {
        int n = recency.length;
        long[] frequency = new long[n];
        long[] money = new long[n];
        for (int i = 0; i < n; i++) {
            frequency[i] = recency[i] % 7;
            money[i] = recency[i] * 31 % 1000;
        }
        RfmScores[] scores = RfmScoring.quintiles(recency, frequency, money);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (recency[i] <= recency[j]) {
                    assertThat(scores[i].recency()).isGreaterThanOrEqualTo(scores[j].recency());
                }
                if (frequency[i] >= frequency[j]) {
                    assertThat(scores[i].frequency()).isGreaterThanOrEqualTo(scores[j].frequency());
                }
                if (money[i] >= money[j]) {
                    assertThat(scores[i].monetary()).isGreaterThanOrEqualTo(scores[j].monetary());
                }
            }
        }
    }
}
