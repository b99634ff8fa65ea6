package io.moat.messaging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StopWordsTests {

    @Test
    void theWholeMessageMustBeAStopWord() {
        assertThat(StopWords.isStopWord("退订")).isTrue();
        assertThat(StopWords.isStopWord(" TD ")).isTrue();
        assertThat(StopWords.isStopWord("退订。")).isTrue();
        assertThat(StopWords.isStopWord("怎么退订会员？")).isFalse();
        assertThat(StopWords.isStopWord("TDD")).isFalse();
    }
}
