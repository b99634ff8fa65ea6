package io.moat.wecom.client;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps calls under WeCom's per-corp, per-API limits (10,000 a minute and 150,000 an hour) so the platform never
 * answers 45009, while using nearly all of the minute limit.
 *
 * <p>The minute is a token bucket: {@code perMinute} tokens a minute, dripped in evenly, holding at most {@code
 * burst}. Calls admitted by such a bucket in any span of {@code L} seconds number at most {@code burst + rate × L}, so
 * in any minute WeCom counts — also one shifted against ours by the calls' varying time in transit, {@code J} — at
 * most {@code burst + perMinute × (60 + J) / 60}. With the defaults (9,650 a minute, burst 10) that stays under 10,000
 * for any spread in transit time up to 2.1 s, and uses 96.5 % of the limit. A sliding log of 10,000 (what this was
 * before) allows a whole minute's calls in one burst, which a minute window shifted by the transit time can see
 * twice.
 *
 * <p>The hour is counted in one-minute buckets over the last 60, which can only over-count, never under-count. Limits
 * hold per instance: several instances split the budget through {@code moat.wecom.quota.*}.
 */
public final class QuotaGovernor {

    /** How to wait; production sleeps, tests may advance a clock instead. */
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final int perMinute;
    private final int perHour;
    private final int burst;
    private final Clock clock;
    private final Pause pause;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /**
     * @param perMinute the steady rate, calls a minute (keep it under WeCom's limit by the margin above)
     * @param perHour calls an hour
     * @param burst how many calls may go at once after a quiet spell (at least 1)
     */
    public QuotaGovernor(int perMinute, int perHour, int burst, Clock clock, Pause pause) {
        if (perMinute < 1 || perHour < 1 || burst < 1) {
            throw new IllegalArgumentException("perMinute, perHour and burst must be positive");
        }
        this.perMinute = perMinute;
        this.perHour = perHour;
        this.burst = burst;
        this.clock = clock;
        this.pause = pause;
    }

    /** A governor with a burst of 10. */
    public QuotaGovernor(int perMinute, int perHour, Clock clock, Pause pause) {
        this(perMinute, perHour, 10, clock, pause);
    }

    /**
     * Blocks until one more call to {@code api} for {@code corpId} fits under both limits, then counts it. The caller
     * reserves the next free moment and sleeps until then, so any number of concurrent callers wake one by one at
     * the bucket's rate instead of all waking to retry at every token.
     */
    public void acquire(String corpId, String api) throws InterruptedException {
        Window window = windows.computeIfAbsent(corpId + " " + api, key -> new Window(perMinute, perHour, burst));
        while (true) {
            long wait;
            boolean reserved;
            synchronized (window) {
                long now = clock.millis();
                wait = window.hourWait(now);
                reserved = wait == 0;
                if (reserved) {
                    wait = window.reserve(now);
                }
            }
            if (wait > 0) {
                pause.pause(Duration.ofMillis(wait));
            }
            if (reserved) {
                return;
            }
        }
    }

    /** One (corp, API) pair's bucket and hour counters. */
    private static final class Window {
        private final double perMillisecond;
        private final int burst;
        private double tokens;
        private long filledAt = Long.MIN_VALUE;
        private final int perHour;
        private final long[] hourBuckets = new long[60];
        private final long[] bucketMinute = new long[60];

        Window(int perMinute, int perHour, int burst) {
            this.perMillisecond = perMinute / 60_000.0;
            this.burst = burst;
            this.tokens = burst;
            this.perHour = perHour;
        }

        /** 0 when the last hour has room for one more call, else how long until its oldest minute leaves it. */
        long hourWait(long now) {
            long minute = now / 60_000;
            long inLastHour = 0;
            for (int i = 0; i < 60; i++) {
                if (minute - bucketMinute[i] < 60) {
                    inLastHour += hourBuckets[i];
                }
            }
            return inLastHour >= perHour ? 60_000 - now % 60_000 : 0;
        }

        /**
         * Takes the next token, which may lie in the future (the bucket goes below zero by the calls already waiting),
         * counts the call in its minute, and answers how many milliseconds until its moment.
         */
        long reserve(long now) {
            if (filledAt != Long.MIN_VALUE && now > filledAt) {
                tokens = Math.min(burst, tokens + (now - filledAt) * perMillisecond);
            }
            filledAt = filledAt == Long.MIN_VALUE ? now : Math.max(filledAt, now);
            tokens -= 1;
            long wait = tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perMillisecond);
            long minute = (now + wait) / 60_000;
            int bucket = (int) (minute % 60);
            if (bucketMinute[bucket] != minute) {
                bucketMinute[bucket] = minute;
                hourBuckets[bucket] = 0;
            }
            hourBuckets[bucket]++;
            return wait;
        }
    }
}
