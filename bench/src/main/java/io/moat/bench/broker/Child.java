package io.moat.bench.broker;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The Moat process under test: the real application (io.moat.MoatApplication) on the bench's class path. */
final class Child {

    /** How every life of the child is started: the same database, port, data directory (master key) and lease. */
    record Setup(String url, int port, Path work, int leaseSeconds) {}

    private static int lives;

    static Process start(Setup setup) throws Exception {
        int life = lives++;
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-XX:+UseParallelGC",
                "-Dmoat.schedule.lease=" + setup.leaseSeconds() + "s",
                // the broker's own pace, shortened so the run takes minutes: tasks gather for 1 s, results are read
                // every 2 s (the staff of the sim confirm at once)
                "-Dmoat.messaging.batch-window=1s",
                "-Dmoat.messaging.poll-every=2s",
                "-Dspring.main.banner-mode=off",
                "-cp",
                System.getProperty("java.class.path"),
                "io.moat.MoatApplication"));
        builder.environment()
                .putAll(Map.of(
                        "MOAT_DB_URL",
                        setup.url(),
                        "MOAT_DB_USER",
                        "postgres",
                        "MOAT_DB_PASSWORD",
                        "postgres",
                        "MOAT_DB_APP_PASSWORD",
                        "moat-app-crash",
                        "MOAT_ADMIN_PASSWORD",
                        Moat.ADMIN_PASSWORD,
                        "MOAT_DATA_DIR",
                        setup.work().resolve("data").toString(),
                        "MOAT_PORT",
                        String.valueOf(setup.port()),
                        "MOAT_DEMO",
                        "false"));
        Process child = builder.redirectErrorStream(true)
                .redirectOutput(setup.work().resolve("moat-" + life + ".log").toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroyForcibly)); // no Moat outlives the test
        return child;
    }

    private Child() {}
}
