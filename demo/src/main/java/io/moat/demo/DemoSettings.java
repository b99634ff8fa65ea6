package io.moat.demo;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the demo behaves.
 *
 * @param enabled {@code true} builds the demo world, {@code false} starts empty, unset builds it when there is no
 *     workspace yet ({@code MOAT_DEMO}; the {@code --demo} argument means true)
 * @param scale 1.0 is the full world (about 50k customers and 200k orders over 180 days), whose build time on a
 *     2-core machine is measured per chapter in docs/demo.md and docs/benchmarks.md ("Demo world build"); the
 *     default 0.1 builds well within three minutes; tests use 0.01 ({@code MOAT_DEMO_SCALE})
 * @param keepAlive whether the world keeps moving after it is built
 * @param tick how often the keep-alive driver acts
 * @param slug the demo workspace
 * @param seed the world's seed: the same seed builds the same world
 * @param blocking build before the application reports ready instead of beside it (tests: the world is there when
 *     the first test runs, without waiting in the test)
 */
@ConfigurationProperties("moat.demo")
public record DemoSettings(
        @Nullable String enabled,
        @DefaultValue("0.1") double scale,
        @DefaultValue("true") boolean keepAlive,
        @DefaultValue("3s") Duration tick,
        @DefaultValue("demo-snacks") String slug,
        @DefaultValue("20261123") long seed,
        @DefaultValue("false") boolean blocking) {

    /** Scales a full-world count, keeping at least {@code min}. */
    public int scaled(int full, int min) {
        return Math.max(min, (int) Math.round(full * scale));
    }
}
