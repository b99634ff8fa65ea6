package io.moat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * CPU seconds used so far by this JVM and by an embedded PostgreSQL (the postmaster, its live backends and the exited
 * ones it waited for), read from /proc: on a shared machine they say what the wall time cannot. {@code postgres} is
 * {@link Double#NaN} when no postmaster matches.
 */
public record ProcessCpu(double jvm, double postgres) {

    /** Now, for the PostgreSQL whose postmaster process matches {@code postmaster}. */
    public static ProcessCpu now(Predicate<ProcessHandle> postmaster) {
        double jvm = ProcessHandle.current()
                        .info()
                        .totalCpuDuration()
                        .orElse(Duration.ZERO)
                        .toNanos()
                / 1e9;
        var found = ProcessHandle.allProcesses().filter(postmaster).findFirst();
        if (found.isEmpty()) {
            return new ProcessCpu(jvm, Double.NaN);
        }
        long ticks = ticks(found.get().pid(), true);
        for (var child : found.get().children().toList()) {
            ticks += ticks(child.pid(), false);
        }
        return new ProcessCpu(jvm, ticks / 100.0);
    }

    /** A postmaster whose command line names {@code fragment} (its data directory) and whose command is postgres. */
    public static Predicate<ProcessHandle> postmasterOf(String fragment) {
        return p -> p.info().commandLine().orElse("").contains(fragment)
                && p.info().command().orElse("").endsWith("postgres");
    }

    private static long ticks(long pid, boolean withChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // counted from the state field (field 3 of stat): utime and stime are fields 14 and 15, cutime and
            // cstime (the waited-for children) 16 and 17
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return withChildren ? ticks + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : ticks;
        } catch (IOException | RuntimeException e) {
            return 0; // a backend that ended meanwhile
        }
    }
}
