package io.moat.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which chapters are built one after another and which beside each other. */
class DemoStagesTests {

    private record Chapter(String key, boolean besidePrevious) implements DemoChapter {
        @Override
        public String title() {
            return key;
        }

        @Override
        public int order() {
            return 0;
        }

        @Override
        public void build(DemoWorld world, ChapterProgress progress) {}
    }

    @Test
    void aChapterBesideThePreviousOneSharesItsStageAndTheNextWaitsForBoth() {
        var chapters = List.<DemoChapter>of(
                new Chapter("brand", false),
                new Chapter("acquisition", false),
                new Chapter("community", true),
                new Chapter("sends", false));

        assertThat(DemoRunner.stages(chapters)).containsExactly(List.of(0), List.of(1, 2), List.of(3));
    }

    @Test
    void theFirstChapterStartsAStageEvenIfItAsksToBeBesideAnother() {
        var chapters = List.<DemoChapter>of(new Chapter("a", true), new Chapter("b", true), new Chapter("c", false));

        assertThat(DemoRunner.stages(chapters)).containsExactly(List.of(0, 1), List.of(2));
    }

    @Test
    void theBuiltInChaptersAreBuiltOneAfterAnotherButTheOrdersBesideTheSync() {
        var chapters = List.<DemoChapter>of(
                new BrandChapter(),
                new ChannelChapter(),
                new HistoryChapter(),
                new ConnectChapter(),
                new OrdersChapter(),
                new JourneysChapter(),
                new AcquisitionChapter(),
                new CommunityChapter());

        assertThat(DemoRunner.stages(chapters))
                .containsExactly(List.of(0), List.of(1), List.of(2), List.of(3, 4), List.of(5), List.of(6), List.of(7));
    }
}
