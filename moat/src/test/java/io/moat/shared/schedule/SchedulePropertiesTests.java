package io.moat.shared.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The default number of workers follows the processors (two each), within 2..8; a configured number wins. */
class SchedulePropertiesTests {

    @Test
    void workersDefaultToTwoPerProcessorBetweenTwoAndEight() {
        assertThat(ScheduleProperties.defaultWorkers(1)).isEqualTo(2);
        assertThat(ScheduleProperties.defaultWorkers(2)).isEqualTo(4);
        assertThat(ScheduleProperties.defaultWorkers(3)).isEqualTo(6);
        assertThat(ScheduleProperties.defaultWorkers(4)).isEqualTo(8);
        assertThat(ScheduleProperties.defaultWorkers(64)).isEqualTo(8);
    }

    @Test
    void aConfiguredNumberOfWorkersWinsAndZeroMeansTheDefault() {
        assertThat(properties(3).workerThreads()).isEqualTo(3);
        assertThat(properties(0).workerThreads())
                .isEqualTo(
                        ScheduleProperties.defaultWorkers(Runtime.getRuntime().availableProcessors()));
    }

    private static ScheduleProperties properties(int workers) {
        return new ScheduleProperties(
                true,
                workers,
                500,
                Duration.ofSeconds(60),
                Duration.ofMillis(100),
                Duration.ofDays(7),
                Duration.ofSeconds(10));
    }
}
