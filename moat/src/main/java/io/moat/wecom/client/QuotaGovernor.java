package io.moat.wecom.client;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps calls under WeCom's per-corp, per-API limits (10,000 a minute and 150,000 an hour) with a margin, so the
 * platform never answers 45009. The minute is an exact sliding log; the hour is counted in one-minute buckets,
 * which can only over-count, never under-count. Limits hold per instance: several instances split the budget
 * through {@code moat.wecom.quota.*}.
 */
public final class QuotaGovernor {

    /** How to wait; production sleeps, tests may advance a clock instead. */
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final int perMinute;
    private final int perHour;
    private final Clock clock;
    private final Pause pause;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public QuotaGovernor(int perMinute, int perHour, Clock clock, Pause pause) {
        this.perMinute = perMinute;
        this.perHour = perHour;
        this.clock = clock;
        this.pause = pause;
    }

    /** Blocks until one more call to {@code api} for {@code corpId} fits under both limits, then counts it. */
    public void acquire(String corpId, String api) throws InterruptedException {
        Window window = windows.computeIfAbsent(corpId + " " + api, key -> new Window(perMinute, perHour));
        while (true) {
            long wait;
            synchronized (window) {
                wait = window.tryTake(clock.millis());
            }
            if (wait <= 0) {
                return;
            }
            pause.pause(Duration.ofMillis(wait));
        }
    }

    /** One (corp, API) pair's counters. */
    private static final class Window {
        private final long[] minuteLog;
        private int next;
        private final int perHour;
        private final long[] hourBuckets = new long[60];
        private final long[] bucketMinute = new long[60];

        Window(int perMinute, int perHour) {
            this.minuteLog = new long[perMinute];
            java.util.Arrays.fill(minuteLog, Long.MIN_VALUE);
            this.perHour = perHour;
        }

        /** Takes a permit and returns 0, or returns how many milliseconds to wait before trying again. */
        long tryTake(long now) {
            long oldest = minuteLog[next];
            if (oldest != Long.MIN_VALUE && now - oldest < 60_000) {
                return 60_000 - (now - oldest);
            }
            long minute = now / 60_000;
            long inLastHour = 0;
            for (int i = 0; i < 60; i++) {
                if (minute - bucketMinute[i] < 60) {
                    inLastHour += hourBuckets[i];
                }
            }
            if (inLastHour >= perHour) {
                return 60_000 - now % 60_000;
            }
            int bucket = (int) (minute % 60);
            if (bucketMinute[bucket] != minute) {
                bucketMinute[bucket] = minute;
                hourBuckets[bucket] = 0;
            }
            hourBuckets[bucket]++;
            minuteLog[next] = now;
            next = (next + 1) % minuteLog.length;
            return 0;
        }
    }
}
