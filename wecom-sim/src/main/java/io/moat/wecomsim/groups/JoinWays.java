package io.moat.wecomsim.groups;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The corp's group join ways. Callers hold the corp's lock. */
public final class JoinWays {

    private final Map<String, JoinWay> ways = new LinkedHashMap<>();

    public void put(JoinWay way) {
        ways.put(way.configId(), way);
    }

    public Optional<JoinWay> find(String configId) {
        return Optional.ofNullable(configId == null ? null : ways.get(configId));
    }

    public Optional<JoinWay> remove(String configId) {
        return Optional.ofNullable(ways.remove(configId));
    }
}
