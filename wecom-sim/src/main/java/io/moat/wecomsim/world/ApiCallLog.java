package io.moat.wecomsim.world;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which API calls a corp made and what they answered: counts per path and errcode for ever, and the latest
 * {@value #KEPT_CALLS} calls one by one. Tests use it to prove that no call was lost or repeated.
 */
public final class ApiCallLog {

    static final int KEPT_CALLS = 10_000;

    /**
     * One call.
     *
     * @param detail why an error was returned (the errmsg keeps WeCom's wording; this says what the simulator saw)
     */
    public record ApiCall(long seq, String path, int errcode, Instant at, String detail, String query, String body) {}

    /** Totals for one path. */
    public record PathCount(String path, long count, Map<Integer, Long> errcodes) {}

    private final Map<String, Map<Integer, Long>> counts = new TreeMap<>();
    private final Deque<ApiCall> recent = new ArrayDeque<>();
    private long nextSeq = 1;

    public synchronized void record(String path, int errcode, Instant at, String detail, String query, String body) {
        counts.computeIfAbsent(path, p -> new TreeMap<>()).merge(errcode, 1L, Long::sum);
        recent.addLast(new ApiCall(nextSeq++, path, errcode, at, detail, query, body));
        if (recent.size() > KEPT_CALLS) {
            recent.removeFirst();
        }
    }

    /** Filtered by path when it is not empty. */
    public synchronized List<PathCount> counts(String path) {
        return counts.entrySet().stream()
                .filter(e -> path.isEmpty() || e.getKey().equals(path))
                .map(e -> new PathCount(
                        e.getKey(),
                        e.getValue().values().stream()
                                .mapToLong(Long::longValue)
                                .sum(),
                        Map.copyOf(e.getValue())))
                .toList();
    }

    public synchronized List<ApiCall> calls(String path) {
        return recent.stream()
                .filter(c -> path.isEmpty() || c.path().equals(path))
                .toList();
    }
}
