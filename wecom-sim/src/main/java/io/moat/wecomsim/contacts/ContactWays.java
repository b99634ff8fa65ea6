package io.moat.wecomsim.contacts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The corp's contact ways and where each one's rotation stands. Callers hold the corp's lock. */
public final class ContactWays {

    private final Map<String, ContactWay> ways = new LinkedHashMap<>();
    private final Map<String, Integer> rotation = new HashMap<>();

    public Optional<ContactWay> find(String configId) {
        return Optional.ofNullable(configId == null ? null : ways.get(configId));
    }

    /** Keeps the rotation position of an existing way, so updating its users does not restart the round. */
    public void put(ContactWay way, int rotationStart) {
        ways.put(way.configId(), way);
        rotation.putIfAbsent(way.configId(), rotationStart);
    }

    public Optional<ContactWay> remove(String configId) {
        rotation.remove(configId);
        return Optional.ofNullable(ways.remove(configId));
    }

    /** In creation order. */
    public List<ContactWay> all() {
        return List.copyOf(ways.values());
    }

    /**
     * The member the next scan reaches: type 1 its one member; type 2 round-robin over the listed members, then the
     * active members of the listed departments, skipping anyone inactive.
     */
    public Optional<Staff> nextReceiver(ContactWay way, Directory directory) {
        List<Staff> candidates = candidates(way, directory);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        int position = rotation.getOrDefault(way.configId(), 0);
        rotation.put(way.configId(), position + 1);
        return Optional.of(candidates.get(Math.floorMod(position, candidates.size())));
    }

    private static List<Staff> candidates(ContactWay way, Directory directory) {
        LinkedHashSet<String> userids = new LinkedHashSet<>(way.users());
        if (way.type() == ContactWay.MULTI) {
            List<Long> departments = new ArrayList<>();
            for (long party : way.parties()) {
                directory.subtree(party).forEach(d -> departments.add(d.id()));
            }
            directory.staffIn(departments).forEach(s -> userids.add(s.userid()));
        }
        return userids.stream()
                .map(directory::staff)
                .flatMap(Optional::stream)
                .filter(Staff::active)
                .toList();
    }
}
