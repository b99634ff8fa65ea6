package io.moat.wecomsim.callbacks;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Every push attempt of a corp, in the order they happened; written by the pusher, read by control calls. Only the
 * latest {@value #KEPT} are kept, so a long benchmark run does not exhaust the heap.
 */
public final class CallbackLog {

    static final int KEPT = 100_000;

    private final Deque<PushAttempt> attempts = new ArrayDeque<>();

    public synchronized void record(PushAttempt attempt) {
        attempts.addLast(attempt);
        if (attempts.size() > KEPT) {
            attempts.removeFirst();
        }
    }

    public synchronized List<PushAttempt> all() {
        return List.copyOf(attempts);
    }
}
