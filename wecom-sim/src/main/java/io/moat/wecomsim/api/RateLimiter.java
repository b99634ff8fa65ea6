package io.moat.wecomsim.api;

import io.moat.wecomsim.world.RateLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * WeCom's basic frequency limits: calls to one API path counted per corp and per IP in minute and hour windows.
 * Passing the minute limit blocks that key for 60 seconds, the hour limit for 60 minutes; blocked calls answer
 * 45009 and are not counted. Windows follow the simulated clock.
 */
public final class RateLimiter {

    private static final Duration MINUTE_BLOCK = Duration.ofSeconds(60);
    private static final Duration HOUR_BLOCK = Duration.ofMinutes(60);

    /** Counters of one key. */
    private static final class Counter {
        long minuteWindow = -1;
        long minuteCount;
        long hourWindow = -1;
        long hourCount;
        Instant blockedUntil = Instant.MIN;
    }

    private final Map<String, Counter> counters = new HashMap<>();

    /** Counts a call and tells whether it may proceed; null when allowed, else why not. */
    public synchronized String admit(String corpId, String ip, String path, RateLimits limits, Instant now) {
        String corpVerdict = corpId == null
                ? null
                : admit(
                        "corp " + corpId + " " + path,
                        limits.perCorpPerApiPerMinute(),
                        limits.perCorpPerApiPerHour(),
                        now);
        if (corpVerdict != null) {
            return corpVerdict;
        }
        return admit("ip " + ip + " " + path, limits.perIpPerApiPerMinute(), limits.perIpPerApiPerHour(), now);
    }

    private String admit(String key, long perMinute, long perHour, Instant now) {
        Counter counter = counters.computeIfAbsent(key, k -> new Counter());
        if (now.isBefore(counter.blockedUntil)) {
            return key + " blocked until " + counter.blockedUntil;
        }
        long second = now.getEpochSecond();
        if (second / 60 != counter.minuteWindow) {
            counter.minuteWindow = second / 60;
            counter.minuteCount = 0;
        }
        if (second / 3600 != counter.hourWindow) {
            counter.hourWindow = second / 3600;
            counter.hourCount = 0;
        }
        counter.minuteCount++;
        counter.hourCount++;
        if (counter.hourCount > perHour) {
            counter.blockedUntil = now.plus(HOUR_BLOCK);
            return key + " over " + perHour + " calls/hour; blocked for 60 minutes";
        }
        if (counter.minuteCount > perMinute) {
            counter.blockedUntil = now.plus(MINUTE_BLOCK);
            return key + " over " + perMinute + " calls/minute; blocked for 60 seconds";
        }
        return null;
    }
}
