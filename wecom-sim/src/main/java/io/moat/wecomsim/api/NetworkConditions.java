package io.moat.wecomsim.api;

import io.moat.wecomsim.http.HttpCall;
import io.moat.wecomsim.random.RandomStream;
import io.moat.wecomsim.world.CorpState;

/**
 * What the network does to a call before WeCom sees it: a latency drawn from the {@code latencyMillis} knob (real
 * time, outside the corp's lock, so slow answers overlap as they would) and, with the {@code serverErrors}
 * probability, an HTTP 502 with an empty body (a gateway failure: nothing was done, nothing counted). Draws come from
 * the corp's own {@code network} stream.
 */
final class NetworkConditions {

    private NetworkConditions() {}

    /** Delays the call; answers true (and responds 502) when it fails before being served. */
    static boolean interfere(HttpCall call, CorpState corp) {
        long[] latency = corp.knobs().latencyMillis();
        double errors = corp.knobs().serverErrors();
        if (latency[1] == 0 && errors == 0) {
            return false;
        }
        RandomStream network = corp.random("network");
        long wait = latency[0] + (latency[1] > latency[0] ? network.nextInt((int) (latency[1] - latency[0] + 1)) : 0);
        boolean fails = errors > 0 && network.nextDouble() < errors;
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (fails) {
            call.respondEmpty(502);
        }
        return fails;
    }

    /**
     * Whether the answer of a call to {@code path} already served is lost on its way back (knob {@code lostAnswers},
     * limited to one path by {@code lostAnswersApi} when set).
     */
    static boolean losesAnswer(CorpState corp, String path) {
        double lost = corp.knobs().lostAnswers();
        String only = corp.knobs().lostAnswersApi();
        return lost > 0
                && (only.isEmpty() || only.equals(path))
                && corp.random("network").nextDouble() < lost;
    }
}
