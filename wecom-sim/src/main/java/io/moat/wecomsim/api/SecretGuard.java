package io.moat.wecomsim.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * WeCom blocks an IP for an hour after repeated wrong secrets (45009). The threshold is not published; the
 * simulator blocks after {@value #FAILURES_BEFORE_BLOCK} wrong secrets within an hour. The block covers gettoken
 * from that IP.
 */
public final class SecretGuard {

    static final int FAILURES_BEFORE_BLOCK = 10;
    static final Duration WINDOW = Duration.ofHours(1);

    private final Map<String, Deque<Instant>> failures = new HashMap<>();
    private final Map<String, Instant> blockedUntil = new HashMap<>();

    public synchronized boolean blocked(String ip, Instant now) {
        Instant until = blockedUntil.get(ip);
        return until != null && now.isBefore(until);
    }

    public synchronized void wrongSecret(String ip, Instant now) {
        Deque<Instant> recent = failures.computeIfAbsent(ip, k -> new ArrayDeque<>());
        recent.addLast(now);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(now.minus(WINDOW))) {
            recent.removeFirst();
        }
        if (recent.size() >= FAILURES_BEFORE_BLOCK) {
            blockedUntil.put(ip, now.plus(WINDOW));
            recent.clear();
        }
    }
}
