package io.moat.wecomsim.tags;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Personal tags per (member, customer). Callers hold the corp's lock. */
public final class PersonalTags {

    private final Map<String, List<PersonalTag>> byRelation = new HashMap<>();

    public List<PersonalTag> of(String userid, String externalUserId) {
        return List.copyOf(byRelation.getOrDefault(key(userid, externalUserId), List.of()));
    }

    public void add(String userid, String externalUserId, PersonalTag tag) {
        List<PersonalTag> tags = byRelation.computeIfAbsent(key(userid, externalUserId), k -> new ArrayList<>());
        if (!tags.contains(tag)) {
            tags.add(tag);
        }
    }

    public void remove(String userid, String externalUserId, PersonalTag tag) {
        byRelation.getOrDefault(key(userid, externalUserId), new ArrayList<>()).remove(tag);
    }

    private static String key(String userid, String externalUserId) {
        return userid + "\n" + externalUserId;
    }
}
