package io.moat.wecomsim.appmsg;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * WeCom's duplicate check for app messages: a {@code message/send} with {@code "enable_duplicate_check": 1} whose
 * request JSON equals one accepted within {@code duplicate_check_interval} seconds (default 1800, at most 4 hours) is
 * answered ok but not received again. This is what makes a retry after a lost answer safe. Callers hold the corp's lock.
 */
public final class DuplicateChecks {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1800);
    public static final Duration MAX_INTERVAL = Duration.ofHours(4);

    private final Map<String, Instant> accepted = new HashMap<>();

    /** Whether the same request was accepted within {@code interval} before {@code now}; if not, remembers it. */
    public boolean seen(String request, Duration interval, Instant now) {
        if (accepted.size() > 10_000) {
            accepted.values().removeIf(at -> !at.plus(MAX_INTERVAL).isAfter(now));
        }
        Instant before = accepted.get(request);
        if (before != null && before.plus(interval).isAfter(now)) {
            return true;
        }
        accepted.put(request, now);
        return false;
    }
}
