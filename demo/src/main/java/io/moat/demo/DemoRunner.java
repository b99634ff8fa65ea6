package io.moat.demo;

import io.moat.wecomsim.SimSettings;
import io.moat.wecomsim.WecomSim;
import io.moat.workspace.WorkspaceDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Decides at start whether to build the demo world, builds it on a thread of its own while Moat serves (so the
 * console shows the progress), then keeps it alive: every tick each chapter adds a few acts. Stops cleanly on
 * shutdown: the ticks end, a build in progress is interrupted, the simulator closes.
 */
@Component
class DemoRunner implements DisposableBean {

    /** How far back the history reaches. */
    static final Duration HISTORY = Duration.ofDays(180);

    private static final Logger log = LoggerFactory.getLogger(DemoRunner.class);

    private final DemoSettings settings;
    private final List<DemoChapter> chapters;
    private final DemoProgress progress;
    private final WorkspaceDirectory directory;
    private final Environment environment;
    private final Clock clock;
    private final String adminPassword;
    private @Nullable Thread builder;
    private @Nullable ScheduledExecutorService ticks;
    private @Nullable WecomSim sim;

    DemoRunner(
            DemoSettings settings,
            List<DemoChapter> chapters,
            DemoProgress progress,
            WorkspaceDirectory directory,
            Environment environment,
            Clock clock,
            @Value("${moat.admin-password:}") String adminPassword) {
        this.settings = settings;
        this.chapters = chapters.stream()
                .sorted(Comparator.comparingInt(DemoChapter::order))
                .toList();
        this.progress = progress;
        this.directory = directory;
        this.environment = environment;
        this.clock = clock;
        this.adminPassword = adminPassword;
    }

    /** What to do at start. */
    enum Decision {
        OFF,
        KEEP,
        SKIP,
        BUILD
    }

    /**
     * MOAT_DEMO=false: nothing. Otherwise a demo workspace from an earlier run is kept as it is; without one the world
     * is built when asked for (MOAT_DEMO=true or --demo) or when Moat has no workspace at all.
     */
    static Decision decide(
            @Nullable String enabled, boolean demoArgument, boolean demoWorkspaceExists, boolean anyWorkspace) {
        String value = enabled == null ? "" : enabled.strip();
        if (value.equalsIgnoreCase("false")) {
            return Decision.OFF;
        }
        if (demoWorkspaceExists) {
            return Decision.KEEP;
        }
        boolean asked = value.equalsIgnoreCase("true") || demoArgument;
        return asked || !anyWorkspace ? Decision.BUILD : Decision.SKIP;
    }

    @EventListener(ApplicationReadyEvent.class)
    synchronized void onReady() {
        Decision decision = decide(
                settings.enabled(),
                environment.containsProperty("demo"),
                directory.bySlug(settings.slug()).isPresent(),
                !directory.all().isEmpty());
        switch (decision) {
            case OFF -> {
                log.info("Demo off (MOAT_DEMO=false): Moat starts empty");
                return;
            }
            case KEEP -> {
                progress.state(DemoProgress.State.KEPT, settings.slug(), "the demo workspace of an earlier run");
                log.info(
                        "The demo workspace '{}' from an earlier run is kept; the simulator's world lived in that run's"
                                + " memory, so nothing moves now. Delete the workspace in the console and restart to"
                                + " build a fresh one.",
                        settings.slug());
                return;
            }
            case SKIP -> {
                log.info("Workspaces exist: no demo world (set MOAT_DEMO=true to add one)");
                return;
            }
            case BUILD -> {}
        }
        if (adminPassword.isBlank()) {
            log.warn("No demo: it signs in as admin and needs MOAT_ADMIN_PASSWORD (the demo launcher sets it)");
            return;
        }
        if (settings.blocking()) {
            build();
        } else {
            builder = Thread.ofPlatform().name("moat-demo").daemon(true).start(this::build);
        }
    }

    private void build() {
        Instant started = clock.instant();
        progress.start(settings.slug(), chapters);
        try {
            String port = environment.getProperty("local.server.port", "8080");
            JsonHttp moat = new JsonHttp("http://127.0.0.1:" + port);
            var token = moat.post("/api/v1/auth/token", Map.of("username", "admin", "password", adminPassword));
            moat.bearer(token.path("token").asString());
            // The sim's clock runs 180 days behind and follows wall time; the history chapter moves it up to now.
            WecomSim started180 = WecomSim.start(
                    new SimSettings(0, settings.seed(), clock.instant().minus(HISTORY), true));
            synchronized (this) {
                sim = started180;
            }
            DemoWorld world = new DemoWorld(settings, started180, moat);
            world.historyStart(started180.clock().instant());
            log.info(
                    "Building the demo world '{}' at scale {} ({} chapters); wecom-sim at {}",
                    settings.slug(),
                    settings.scale(),
                    chapters.size(),
                    started180.baseUrl());
            for (List<Integer> stage : stages(chapters)) {
                buildTogether(world, stage);
            }
            progress.state(DemoProgress.State.ALIVE, settings.slug(), null);
            log.info(
                    """

                    ==================================================================
                      Demo world '{}' built in {} s. Console: http://localhost:{}/w/{}
                      Sign in as admin with the password {}
                    ==================================================================""",
                    settings.slug(),
                    Duration.between(started, clock.instant()).toSeconds(),
                    port,
                    settings.slug(),
                    adminPassword);
            if (settings.keepAlive()) {
                keepAlive(world);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            progress.state(DemoProgress.State.FAILED, settings.slug(), "interrupted");
        } catch (Exception e) {
            log.error("The demo world could not be built: {}", e.getMessage(), e);
            progress.state(DemoProgress.State.FAILED, settings.slug(), e.getMessage());
        }
    }

    /** Chapters in order, a chapter built beside the one before it in the same stage as that one. */
    static List<List<Integer>> stages(List<DemoChapter> ordered) {
        List<List<Integer>> stages = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            if (i == 0 || !ordered.get(i).besidePrevious()) {
                stages.add(new ArrayList<>());
            }
            stages.getLast().add(i);
        }
        return stages;
    }

    /**
     * Builds the chapters of one stage, each but the first on a thread of its own, and returns when all are built; the
     * first failure is thrown once all have stopped (a failed chapter interrupts the others).
     */
    private void buildTogether(DemoWorld world, List<Integer> stage) throws Exception {
        if (stage.size() == 1) {
            buildChapter(world, stage.getFirst());
            return;
        }
        List<Exception> failures = new CopyOnWriteArrayList<>();
        List<Thread> others = new ArrayList<>();
        for (int index : stage.subList(1, stage.size())) {
            others.add(Thread.ofPlatform()
                    .name("moat-demo-" + chapters.get(index).key())
                    .daemon(true)
                    .start(() -> {
                        try {
                            buildChapter(world, index);
                        } catch (Exception e) {
                            failures.add(e);
                        }
                    }));
        }
        try {
            buildChapter(world, stage.getFirst());
        } catch (Exception e) {
            failures.add(e);
            others.forEach(Thread::interrupt);
        }
        try {
            for (Thread other : others) {
                other.join();
            }
        } catch (InterruptedException e) {
            others.forEach(Thread::interrupt);
            throw e;
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }

    private void buildChapter(DemoWorld world, int index) throws Exception {
        DemoChapter chapter = chapters.get(index);
        Instant chapterStart = clock.instant();
        progress.chapter(index, "running", 0, null);
        chapter.build(world, (fraction, detail) -> progress.chapter(index, "running", fraction, detail));
        var view = progress.view().chapters().get(index);
        progress.chapter(index, "done", 1, view.detail());
        progress.logChapter(index, Duration.between(chapterStart, clock.instant()));
    }

    private synchronized void keepAlive(DemoWorld world) {
        ticks = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("moat-demo-tick").daemon(true).factory());
        long millis = settings.tick().toMillis();
        ticks.scheduleWithFixedDelay(() -> tick(world), millis, millis, TimeUnit.MILLISECONDS);
        log.info("The demo world stays alive: acts every {} ms", millis);
    }

    private void tick(DemoWorld world) {
        for (DemoChapter chapter : chapters) {
            try {
                chapter.tick(world);
            } catch (DemoFailure e) {
                if (e.status() == 404 || e.status() == 401) {
                    // the demo workspace was deleted (or the session ended): the world stops moving
                    log.info("The demo workspace is gone; the demo world stops moving");
                    progress.state(DemoProgress.State.OFF, null, "the demo workspace was deleted");
                    stopTicks();
                    return;
                }
                log.warn("Demo tick of {} failed: {}", chapter.key(), e.getMessage());
            } catch (Exception e) {
                log.warn("Demo tick of {} failed: {}", chapter.key(), e.toString());
            }
        }
    }

    /**
     * The world stops moving as soon as the application starts closing, before the web server stops taking requests,
     * so no scan is pushed to a Moat that can no longer answer it.
     */
    @EventListener(ContextClosedEvent.class)
    void onClosing() throws InterruptedException {
        ScheduledExecutorService running;
        synchronized (this) {
            running = ticks;
        }
        if (running != null) {
            running.shutdownNow();
            running.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private synchronized void stopTicks() {
        if (ticks != null) {
            ticks.shutdown();
        }
    }

    @Override
    public synchronized void destroy() throws InterruptedException {
        if (ticks != null) {
            ticks.shutdownNow();
            ticks.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (builder != null && builder.isAlive()) {
            builder.interrupt();
            builder.join(10_000);
        }
        if (sim != null) {
            sim.close();
        }
    }
}
