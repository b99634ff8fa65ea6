package io.moat.wecomsim.appmsg;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * WeCom's limit on app messages per member (wecom-api.md §10): 30 a minute and 1000 an hour, in sliding windows of
 * simulated time. Callers hold the corp's lock.
 */
public final class StaffMessageLimits {

    public static final int PER_MINUTE = 30;
    public static final int PER_HOUR = 1000;

    private final Map<String, ArrayDeque<Long>> received = new HashMap<>();

    /** Whether the member may receive one more app message at {@code now}. */
    public boolean allows(String userid, Instant now) {
        ArrayDeque<Long> times = prune(userid, now);
        long minuteAgo = now.toEpochMilli() - 60_000;
        long inLastMinute = times.stream().filter(t -> t > minuteAgo).count();
        return inLastMinute < PER_MINUTE && times.size() < PER_HOUR;
    }

    /** Counts one delivered message to the member. */
    public void count(String userid, Instant now) {
        prune(userid, now).addLast(now.toEpochMilli());
    }

    private ArrayDeque<Long> prune(String userid, Instant now) {
        ArrayDeque<Long> times = received.computeIfAbsent(userid, u -> new ArrayDeque<>());
        long hourAgo = now.toEpochMilli() - 3_600_000;
        while (!times.isEmpty() && times.peekFirst() <= hourAgo) {
            times.removeFirst();
        }
        return times;
    }
}
