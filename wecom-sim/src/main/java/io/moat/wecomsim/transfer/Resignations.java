package io.moat.wecomsim.transfer;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Members who left the corp and when; their customers and groups wait to be inherited. Callers hold the lock. */
public final class Resignations {

    private final Map<String, Instant> resigned = new LinkedHashMap<>();

    public void resign(String userid, Instant at) {
        resigned.put(userid, at);
    }

    public Optional<Instant> dimissionTime(String userid) {
        return Optional.ofNullable(resigned.get(userid));
    }

    public boolean resigned(String userid) {
        return resigned.containsKey(userid);
    }

    /** Resigned members in the order they left. */
    public Map<String, Instant> all() {
        return Collections.unmodifiableMap(resigned);
    }
}
