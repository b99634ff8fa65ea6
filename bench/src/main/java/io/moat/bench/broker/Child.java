package io.moat.bench.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** The Moat process under test: the real application (io.moat.MoatApplication) on the bench's class path. */
final class Child {

    /**
     * How every life of the child is started: the same database, port, data directory (master key) and lease, the
     * class path, and the JVM's ahead-of-time cache when there is one.
     */
    record Setup(String url, int port, Path work, int leaseSeconds, String classPath, Path aotCache, List<String> jvm) {

        Setup(String url, int port, Path work, int leaseSeconds) {
            this(url, port, work, leaseSeconds, System.getProperty("java.class.path"), null, List.of());
        }

        /** The same with extra JVM flags for every life (not the training start). */
        Setup with(List<String> flags) {
            return new Setup(url, port, work, leaseSeconds, classPath, aotCache, List.copyOf(flags));
        }

        Setup withCache(String jarredClassPath, Path cache) {
            return new Setup(url, port, work, leaseSeconds, jarredClassPath, cache, jvm);
        }
    }

    private static int lives;

    /**
     * Prepares what a production deployment would ship with: the application's classes in jars and a JVM
     * ahead-of-time cache (JDK 24+, JEP 483/514: classes loaded and linked, method profiles) recorded by one training
     * start that stops as soon as the Spring context is refreshed ({@code spring.context.exit=onRefresh}). Every
     * later start (every restart after a kill) maps the cache instead of loading, verifying and linking some
     * twenty thousand classes again, which on the loaded shared machine was most of a restart's two minutes. The
     * training start also migrates the database, as life 0 would. It runs while the test builds its WeCom world.
     */
    static Training trainAheadOfTimeCache(Setup setup) throws Exception {
        Path jars = setup.work().resolve("jars");
        Files.createDirectories(jars);
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : setup.classPath().split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path jar = jars.resolve((n++) + "-" + path.getFileName() + ".jar");
                jar(path, jar);
                entries.add(jar.toString());
            } else if (Files.exists(path)) {
                entries.add(entry);
            }
        }
        String classPath = String.join(java.io.File.pathSeparator, entries);
        Path cache = setup.work().resolve("moat.aot");
        Files.deleteIfExists(cache);
        Setup trained = setup.withCache(classPath, cache);
        Process child = launch(
                new Setup(setup.url(), setup.port(), setup.work(), setup.leaseSeconds(), classPath, null, List.of()),
                List.of("-XX:AOTCacheOutput=" + cache, "-Dspring.context.exit=onRefresh"),
                setup.work().resolve("moat-aot-training.log"));
        return new Training(setup, trained, child, System.nanoTime());
    }

    /**
     * The jars and cache an earlier run left in the same work directory (built from the same class path), so a
     * repeated run need not train again; null when they are not all there.
     */
    static Setup reuseAheadOfTimeCache(Setup setup) {
        Path jars = setup.work().resolve("jars");
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : setup.classPath().split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path jar = jars.resolve((n++) + "-" + path.getFileName() + ".jar");
                if (!Files.exists(jar)) {
                    return null;
                }
                entries.add(jar.toString());
            } else if (Files.exists(path)) {
                entries.add(entry);
            }
        }
        Path cache = setup.work().resolve("moat.aot");
        return Files.exists(cache) ? setup.withCache(String.join(java.io.File.pathSeparator, entries), cache) : null;
    }

    /** A training start under way; {@link #await} answers the setup to start every life with. */
    record Training(Setup without, Setup with, Process child, long startedNanos) {

        Setup await() throws Exception {
            int exit = child.waitFor();
            boolean written = Files.exists(with.aotCache());
            System.out.printf(
                    "AOT cache: training start exited %d after %d ms; cache %s%n",
                    exit,
                    (System.nanoTime() - startedNanos) / 1_000_000,
                    written ? Files.size(with.aotCache()) / (1 << 20) + " MB" : "not written, lives start without");
            return written ? with : without;
        }
    }

    static Process start(Setup setup) throws Exception {
        int life = lives++;
        List<String> flags = new ArrayList<>();
        if (setup.aotCache() != null) {
            flags.add("-XX:AOTCache=" + setup.aotCache());
        }
        for (String flag : setup.jvm()) {
            flags.add(flag.replace("{life}", String.valueOf(life)));
        }
        return launch(setup, flags, setup.work().resolve("moat-" + life + ".log"));
    }

    private static Process launch(Setup setup, List<String> extraJvm, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m", "-XX:+UseParallelGC"));
        command.addAll(extraJvm);
        command.addAll(List.of(
                "-Dmoat.schedule.lease=" + setup.leaseSeconds() + "s",
                // results are read every 2 s, not every 5 minutes (the staff of the sim confirm at once). Tasks
                // gather for the production window (10 s): the 1 s used before made ten times the batch rows and
                // tasks of a third the size, so at 100,000 sends the run paid per task what it should pay per send.
                "-Dmoat.messaging.poll-every=2s",
                "-Dspring.main.banner-mode=off",
                "-cp",
                setup.classPath(),
                "io.moat.MoatApplication"));
        ProcessBuilder builder = new ProcessBuilder(command);
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
        Process child =
                builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroyForcibly)); // no Moat outlives the test
        return child;
    }

    /** A directory of classes as a jar (the cache maps classes from jars only). */
    private static void jar(Path directory, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                Stream<Path> files = Files.walk(directory)) {
            // directories too: Spring's component scan asks the class loader for the package "directories"
            for (Path path : files.filter(p -> !p.equals(directory)).sorted().toList()) {
                String name = directory.relativize(path).toString().replace(java.io.File.separatorChar, '/');
                boolean folder = Files.isDirectory(path);
                out.putNextEntry(new JarEntry(folder ? name + "/" : name));
                if (!folder) {
                    Files.copy(path, out);
                }
                out.closeEntry();
            }
        }
    }

    private Child() {}
}
