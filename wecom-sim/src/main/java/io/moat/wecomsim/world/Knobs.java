package io.moat.wecomsim.world;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/** The faults and limits a test can turn for one corp. Read from request and pusher threads alike. */
public final class Knobs {

    /** A scripted failure: the next {@code remaining} calls to a path answer {@code errcode}. */
    public record ScriptedFailure(int errcode, int remaining) {}

    private volatile double duplicateCallbacks;
    private volatile long callbackTimeoutMillis = 5_000;
    private volatile RateLimits rateLimits = RateLimits.WECOM;
    private volatile boolean tagConflicts;
    private final Map<String, ScriptedFailure> failures = new HashMap<>();

    public double duplicateCallbacks() {
        return duplicateCallbacks;
    }

    public void duplicateCallbacks(double probability) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("duplicateCallbacks must be within 0.0..1.0");
        }
        this.duplicateCallbacks = probability;
    }

    public Duration callbackTimeout() {
        return Duration.ofMillis(callbackTimeoutMillis);
    }

    public void callbackTimeoutMillis(long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("callbackTimeoutMillis must be positive");
        }
        this.callbackTimeoutMillis = millis;
    }

    public RateLimits rateLimits() {
        return rateLimits;
    }

    public void rateLimits(RateLimits limits) {
        this.rateLimits = limits;
    }

    public boolean tagConflicts() {
        return tagConflicts;
    }

    public void tagConflicts(boolean on) {
        this.tagConflicts = on;
    }

    public synchronized void failNext(String path, int errcode, int count) {
        if (count <= 0) {
            failures.remove(path);
        } else {
            failures.put(path, new ScriptedFailure(errcode, count));
        }
    }

    /** The scripted errcode for this call to the path, if one is left; consumes it. */
    public synchronized OptionalInt takeFailure(String path) {
        ScriptedFailure failure = failures.get(path);
        if (failure == null) {
            return OptionalInt.empty();
        }
        if (failure.remaining() <= 1) {
            failures.remove(path);
        } else {
            failures.put(path, new ScriptedFailure(failure.errcode(), failure.remaining() - 1));
        }
        return OptionalInt.of(failure.errcode());
    }

    public synchronized Map<String, ScriptedFailure> scriptedFailures() {
        return Map.copyOf(failures);
    }
}
