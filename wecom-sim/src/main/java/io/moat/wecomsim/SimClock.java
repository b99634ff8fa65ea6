package io.moat.wecomsim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The simulator's only source of time: token expiry, welcome-code validity, rate windows and every createtime read
 * it. It is a {@link Clock}, so an application under test can share it.
 *
 * <p>Frozen mode keeps the time still until it is moved. Real-time mode follows the wall clock; {@link #advance}
 * and {@link #set} then shift an offset, so time keeps flowing from the new reading.
 */
public final class SimClock extends Clock {

    private final Clock wall;
    private final boolean realTime;
    private final List<Runnable> moveListeners = new CopyOnWriteArrayList<>();
    private Duration offset;
    private Instant frozenAt;

    SimClock(Instant start, boolean realTime, Clock wall) {
        this.wall = wall;
        this.realTime = realTime;
        this.frozenAt = start;
        this.offset = Duration.between(wall.instant(), start);
    }

    public static SimClock frozenAt(Instant start) {
        return new SimClock(start, false, Clock.systemUTC());
    }

    public static SimClock following(Instant start) {
        return new SimClock(start, true, Clock.systemUTC());
    }

    public synchronized Instant now() {
        return realTime ? wall.instant().plus(offset) : frozenAt;
    }

    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time only moves forward here: " + duration);
        }
        synchronized (this) {
            offset = offset.plus(duration);
            frozenAt = frozenAt.plus(duration);
        }
        moved();
    }

    /** Jumps to an instant, also backwards: tests of clock skew need that. */
    public void set(Instant instant) {
        synchronized (this) {
            offset = Duration.between(wall.instant(), instant);
            frozenAt = instant;
        }
        moved();
    }

    /**
     * Runs after every {@link #advance} or {@link #set}, outside the clock's lock. The simulator uses it to let what
     * was due meanwhile happen (staff confirming mass messages, transfers completing) without waiting for a query.
     */
    public void afterMove(Runnable listener) {
        moveListeners.add(listener);
    }

    private void moved() {
        moveListeners.forEach(Runnable::run);
    }

    public long epochSecond() {
        return now().getEpochSecond();
    }

    public boolean isRealTime() {
        return realTime;
    }

    @Override
    public Instant instant() {
        return now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new Zoned(this, zone);
    }

    /** The same time seen from another zone, as {@link Clock#withZone} requires. */
    private static final class Zoned extends Clock {
        private final SimClock source;
        private final ZoneId zone;

        Zoned(SimClock source, ZoneId zone) {
            this.source = source;
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return new Zoned(source, other);
        }

        @Override
        public Instant instant() {
            return source.now();
        }
    }
}
