package io.moat.demo;

/**
 * One part of the demo world, contributed by the capability it shows (staff and channel codes, history, orders,
 * groups; later journeys, messaging, community, campaigns…). Chapters are Spring beans run in {@link #order()}
 * order; each builds its part through Moat's public paths (the REST API, WeCom callbacks via wecom-sim, order
 * imports) and may add to the keep-alive pace. A new capability adds its chapter class to this module and nothing
 * else.
 */
public interface DemoChapter {

    /** Short stable key, e.g. {@code history}. */
    String key();

    /** What the progress line says, e.g. "180 days of scans, adds and deletions in WeCom". */
    String title();

    /** Position among the chapters; built-in ones use multiples of 100 so others fit between. */
    int order();

    /** Relative share of the build time, for the overall progress bar. */
    default int weight() {
        return 1;
    }

    /**
     * Whether this chapter is built beside the chapter before it rather than after it: true when it needs nothing that
     * chapter makes and the two would otherwise wait for each other (one waits for Moat's inbox or the simulator while
     * the other has work for Moat). The chapter after them waits for both. Such a chapter must not draw from the
     * world's shared randomness, whose draws would then interleave differently from run to run.
     */
    default boolean besidePrevious() {
        return false;
    }

    /** Builds this part. {@code progress} takes fractions from 0 to 1 as the work advances. */
    void build(DemoWorld world, ChapterProgress progress) throws Exception;

    /** One keep-alive tick once the world is built: a few acts at an accelerated but plausible pace. */
    default void tick(DemoWorld world) throws Exception {}

    /** Receives a chapter's progress. */
    @FunctionalInterface
    interface ChapterProgress {
        void done(double fraction, String detail);
    }
}
