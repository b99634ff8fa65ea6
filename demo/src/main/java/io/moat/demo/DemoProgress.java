package io.moat.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where the demo build stands: one line with a bar in the log per chapter, and the same state for the console's
 * banner ({@code GET /api/v1/demo}).
 */
@Component
public class DemoProgress {

    private static final Logger log = LoggerFactory.getLogger(DemoProgress.class);

    /** off: no demo in this run; kept: the demo workspace of an earlier run is there; building; alive; failed. */
    public enum State {
        OFF,
        KEPT,
        BUILDING,
        ALIVE,
        FAILED
    }

    public record ChapterView(
            String key,
            String title,
            String state,
            double fraction,
            @Nullable String detail) {}

    public record View(
            String state,
            @Nullable String slug,
            int percent,
            long elapsedSeconds,
            @Nullable String message,
            List<ChapterView> chapters) {}

    private final Clock clock;
    private State state = State.OFF;
    private @Nullable String slug;
    private @Nullable String message;
    private @Nullable Instant started;
    private @Nullable Instant finished;
    private final List<DemoChapter> chapters = new ArrayList<>();
    private final List<ChapterView> views = new ArrayList<>();

    DemoProgress(Clock clock) {
        this.clock = clock;
    }

    synchronized void start(String slug, List<DemoChapter> ordered) {
        this.state = State.BUILDING;
        this.slug = slug;
        this.started = clock.instant();
        chapters.clear();
        chapters.addAll(ordered);
        views.clear();
        ordered.forEach(c -> views.add(new ChapterView(c.key(), c.title(), "waiting", 0, null)));
    }

    synchronized void state(State state, @Nullable String slug, @Nullable String message) {
        this.state = state;
        this.slug = slug;
        this.message = message;
        if (state != State.BUILDING) {
            this.finished = clock.instant();
        }
    }

    synchronized void chapter(int index, String state, double fraction, @Nullable String detail) {
        ChapterView old = views.get(index);
        views.set(index, new ChapterView(old.key(), old.title(), state, Math.min(1, Math.max(0, fraction)), detail));
    }

    /** Logs the line of a finished chapter: the overall bar, the chapter and what it took. */
    void logChapter(int index, Duration took) {
        View view = view();
        ChapterView chapter = view.chapters().get(index);
        log.info(
                "demo {} {}%  {}/{} {}: {}{} ({} s)",
                bar(view.percent()),
                String.format(Locale.ROOT, "%3d", view.percent()),
                index + 1,
                view.chapters().size(),
                chapter.key(),
                chapter.title(),
                chapter.detail() == null ? "" : " — " + chapter.detail(),
                String.format(Locale.ROOT, "%.1f", took.toMillis() / 1000.0));
    }

    public synchronized View view() {
        int total = chapters.stream().mapToInt(DemoChapter::weight).sum();
        double done = 0;
        for (int i = 0; i < chapters.size(); i++) {
            done += chapters.get(i).weight() * views.get(i).fraction();
        }
        int percent = state == State.ALIVE ? 100 : total == 0 ? 0 : (int) Math.floor(100 * done / total);
        Instant end = finished == null || state == State.BUILDING ? clock.instant() : finished;
        long elapsed = started == null ? 0 : Duration.between(started, end).toSeconds();
        return new View(state.name().toLowerCase(Locale.ROOT), slug, percent, elapsed, message, List.copyOf(views));
    }

    static String bar(int percent) {
        int filled = percent / 5;
        return "[" + "#".repeat(filled) + "-".repeat(20 - filled) + "]";
    }
}
