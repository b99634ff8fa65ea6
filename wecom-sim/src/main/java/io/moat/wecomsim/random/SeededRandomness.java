package io.moat.wecomsim.random;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * All randomness of one simulator, derived from its seed.
 *
 * <p>Each purpose ("ids of corp X", "nonces of corp X", "tokens") gets its own stream whose seed mixes the root seed
 * with the purpose's name. Streams therefore do not disturb each other: a test that also fetches tokens or receives
 * callbacks in a different interleaving still sees the same customer and group ids for the same control calls.
 */
public final class SeededRandomness {

    private final long seed;
    private final ConcurrentMap<String, RandomStream> streams = new ConcurrentHashMap<>();

    public SeededRandomness(long seed) {
        this.seed = seed;
    }

    public RandomStream stream(String purpose) {
        return streams.computeIfAbsent(purpose, name -> new RandomStream(mix(seed, name)));
    }

    /** FNV-1a over the name, folded into the seed and finished with a SplitMix64 step for good bit spread. */
    static long mix(long seed, String name) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        long z = seed ^ hash;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
