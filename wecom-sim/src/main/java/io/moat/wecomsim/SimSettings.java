package io.moat.wecomsim;

import java.time.Instant;
import java.util.Objects;

/**
 * How a simulator starts.
 *
 * @param port TCP port on 127.0.0.1; 0 picks a free one
 * @param seed every id, token, code and nonce derives from it, so equal seeds and equal calls give equal ids
 * @param startTime the simulated clock's first reading
 * @param realTimeClock false freezes the clock until {@link SimClock#advance} or {@link SimClock#set} moves it;
 *     true lets it follow wall time (plus whatever offset those calls add)
 */
public record SimSettings(int port, long seed, Instant startTime, boolean realTimeClock) {

    /** Fixed and frozen, so tests decide when time passes. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    public SimSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(startTime, "startTime");
    }

    /** A free port, seed 42, a frozen clock at {@link #DEFAULT_START}. */
    public static SimSettings defaults() {
        return new SimSettings(0, 42L, DEFAULT_START, false);
    }

    public SimSettings withPort(int newPort) {
        return new SimSettings(newPort, seed, startTime, realTimeClock);
    }

    public SimSettings withSeed(long newSeed) {
        return new SimSettings(port, newSeed, startTime, realTimeClock);
    }

    public SimSettings withStartTime(Instant newStart) {
        return new SimSettings(port, seed, newStart, realTimeClock);
    }

    public SimSettings withRealTimeClock(boolean realTime) {
        return new SimSettings(port, seed, startTime, realTime);
    }
}
