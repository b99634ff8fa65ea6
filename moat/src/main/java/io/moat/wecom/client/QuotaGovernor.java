package io.moat.wecom.client;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps calls under WeCom's per-corp, per-API limits (10,000 a minute and 150,000 an hour) so the platform never
 * answers 45009, while using nearly all of the minute limit.
 *
 * <p>WeCom counts the calls that <em>arrive</em> in a minute. A call arrives some time after it leaves here, and that
 * time varies by up to a {@code spread} (the network, the server's queue, our own thread getting the CPU late). So a
 * minute of WeCom's holds the calls that left here in a span of up to 60 s + {@code spread}, wherever that minute
 * begins. The governor therefore lets at most {@code perWindow} calls leave in any span of 60 s + {@code spread}
 * (counted in 100 ms slots, a span rounded up to whole slots), which is the whole guarantee: with the defaults
 * (9,950 per 61.5 s) no minute of WeCom's sees more than 9,950 as long as transit times differ by less than 1.5 s.
 *
 * <p>Within that bound the calls are paced evenly, {@code perWindow} per 60 s + {@code spread} (9,950 per 61.5 s is
 * 9,707 a minute, 97.1 % of WeCom's 10,000), so a minute never starts with a burst. When calls could not go out at that
 * pace (nothing to send, or the callers were held up), up to {@code catchUp} of the calls missed may follow at once;
 * the window still bounds them, so catching up never passes the limit, it only uses what the stall left unused. A
 * plain token bucket (what this was before) cannot do that safely: its burst has to stay tiny, so every second the
 * callers fell behind was lost for good.
 *
 * <p>The hour is counted in one-minute buckets over the last 60, which can only over-count, never under-count. Limits
 * hold per instance: several instances split the budget through {@code moat.wecom.quota.*}.
 */
public final class QuotaGovernor {

    /** How to wait; production sleeps, tests may advance a clock instead. */
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    /** The window is counted in slots of this many milliseconds. */
    static final int SLOT_MILLIS = 100;

    private final int perWindow;
    private final long windowMillis;
    private final int perHour;
    private final int catchUp;
    private final Clock clock;
    private final Pause pause;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /**
     * @param perWindow calls allowed to leave in any span of 60 s + {@code spread} (keep it under WeCom's 10,000)
     * @param spread how much the calls' times in transit may differ
     * @param perHour calls an hour
     * @param catchUp how many calls that missed their moment may follow at once (at least 1)
     */
    public QuotaGovernor(int perWindow, Duration spread, int perHour, int catchUp, Clock clock, Pause pause) {
        if (perWindow < 1 || perHour < 1 || catchUp < 1 || spread.isNegative()) {
            throw new IllegalArgumentException("perWindow, perHour and catchUp must be positive, spread not negative");
        }
        this.perWindow = perWindow;
        this.windowMillis = 60_000 + spread.toMillis();
        this.perHour = perHour;
        this.catchUp = catchUp;
        this.clock = clock;
        this.pause = pause;
    }

    /** A governor for a simple per-minute pace: {@code perMinute} in any 60 s, catching up at most 10 calls. */
    public QuotaGovernor(int perMinute, int perHour, Clock clock, Pause pause) {
        this(perMinute, Duration.ZERO, perHour, 10, clock, pause);
    }

    /**
     * Blocks until one more call to {@code api} for {@code corpId} fits under both limits, then counts it. The caller
     * reserves the next free moment and sleeps until then, so any number of concurrent callers wake one by one at
     * the governor's pace instead of all waking to retry.
     */
    public void acquire(String corpId, String api) throws InterruptedException {
        Window window = windows.computeIfAbsent(
                corpId + " " + api, key -> new Window(perWindow, windowMillis, perHour, catchUp));
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

    /** One (corp, API) pair's pace, window and hour counters. */
    private static final class Window {
        private final int perWindow;
        private final double perMillisecond;
        private final int catchUp;
        /** Calls per slot over the last window's worth of slots, indexed by slot number modulo the length. */
        private final int[] slots;
        /** The highest slot counted so far; slots up to it that fell out of the window are zeroed on the way. */
        private long lastSlot = Long.MIN_VALUE;
        /** Calls counted in the slots of the window ending at {@link #lastSlot}. */
        private int inWindow;
        /** Pace: tokens in hand (negative when moments further out are already reserved). */
        private double tokens;

        private long filledAt = Long.MIN_VALUE;
        /** Moments only move forward, so the window's count of earlier slots stays exact. */
        private long lastMoment = Long.MIN_VALUE;

        private final int perHour;
        private final long[] hourBuckets = new long[60];
        private final long[] bucketMinute = new long[60];

        Window(int perWindow, long windowMillis, int perHour, int catchUp) {
            this.perWindow = perWindow;
            this.perMillisecond = perWindow / (double) windowMillis;
            this.catchUp = catchUp;
            // a fresh governor does not know what an earlier process sent in WeCom's current minute: it starts at
            // the pace, with nothing to catch up
            this.tokens = 1;
            // a span of windowMillis touches at most this many slots; counting whole slots can only over-count
            this.slots = new int[(int) ((windowMillis + SLOT_MILLIS - 1) / SLOT_MILLIS) + 1];
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
         * Takes the next moment allowed by both the pace and the window, counts the call in it, and answers how many
         * milliseconds until then.
         */
        long reserve(long now) {
            if (filledAt != Long.MIN_VALUE && now > filledAt) {
                tokens = Math.min(catchUp, tokens + (now - filledAt) * perMillisecond);
            }
            filledAt = filledAt == Long.MIN_VALUE ? now : Math.max(filledAt, now);
            tokens -= 1;
            long moment = now + (tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perMillisecond));
            moment = Math.max(moment, lastMoment);
            long slot = Math.floorDiv(moment, SLOT_MILLIS);
            advanceTo(slot);
            while (inWindow >= perWindow) {
                slot++; // the window is full: the call waits until its oldest slot has left it
                advanceTo(slot);
                moment = slot * SLOT_MILLIS;
            }
            slots[(int) Math.floorMod(slot, slots.length)]++;
            inWindow++;
            lastMoment = moment;
            countInHour(moment);
            return moment - now;
        }

        /** Moves the window's end to {@code slot}, dropping the calls of the slots that left it. */
        private void advanceTo(long slot) {
            if (lastSlot == Long.MIN_VALUE || slot - lastSlot >= slots.length) {
                java.util.Arrays.fill(slots, 0);
                inWindow = 0;
                lastSlot = slot;
                return;
            }
            while (lastSlot < slot) {
                lastSlot++;
                int index = (int) Math.floorMod(lastSlot, slots.length);
                inWindow -= slots[index];
                slots[index] = 0;
            }
        }

        private void countInHour(long moment) {
            long minute = moment / 60_000;
            int bucket = (int) (minute % 60);
            if (bucketMinute[bucket] != minute) {
                bucketMinute[bucket] = minute;
                hourBuckets[bucket] = 0;
            }
            hourBuckets[bucket]++;
        }
    }
}
