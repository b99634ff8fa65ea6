package io.moat.wecomsim.tags;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The corp's enterprise tag library. Callers hold the corp's lock. */
public final class TagCatalog {

    private final Map<String, CorpTagGroup> groups = new LinkedHashMap<>();

    /** A tag to create: name and order. */
    public record NewTag(String name, long order) {}

    /**
     * What adding produced: the group (with only the tags this call created or found by name), whether the group
     * itself is new, and the tags that did not exist before.
     */
    public record Added(CorpTagGroup group, boolean newGroup, List<CorpTag> created) {}

    /** A tag found with the group it belongs to. */
    public record Located(CorpTagGroup group, CorpTag tag) {}

    /**
     * Adds tags to a group found by id, else by name, else creates it. A name already in the group is not created
     * twice: the existing tag is returned instead.
     */
    public Added add(
            Optional<String> groupId,
            String groupName,
            long groupOrder,
            List<NewTag> tags,
            long now,
            Supplier<String> newId) {
        CorpTagGroup group =
                groupId.map(groups::get).orElseGet(() -> groupNamed(groupName).orElse(null));
        boolean newGroup = group == null;
        if (newGroup) {
            group = new CorpTagGroup(newId.get(), groupName, now, groupOrder, List.of());
        }
        List<CorpTag> result = new ArrayList<>();
        List<CorpTag> created = new ArrayList<>();
        for (NewTag wanted : tags) {
            Optional<CorpTag> existing = group.tagNamed(wanted.name());
            if (existing.isPresent()) {
                result.add(existing.get());
            } else {
                CorpTag tag = new CorpTag(newId.get(), wanted.name(), now, wanted.order());
                group = group.plus(tag);
                result.add(tag);
                created.add(tag);
            }
        }
        groups.put(group.groupId(), group);
        return new Added(group.withTags(result), newGroup, List.copyOf(created));
    }

    /** Tags in the library, all groups together: what the corp tag cap counts. */
    public int tagCount() {
        return groups.values().stream().mapToInt(g -> g.tags().size()).sum();
    }

    public Optional<CorpTagGroup> group(String groupId) {
        return Optional.ofNullable(groupId == null ? null : groups.get(groupId));
    }

    public Optional<CorpTagGroup> groupNamed(String name) {
        return groups.values().stream().filter(g -> g.groupName().equals(name)).findFirst();
    }

    public Optional<Located> tag(String tagId) {
        for (CorpTagGroup group : groups.values()) {
            Optional<CorpTag> tag = group.tag(tagId);
            if (tag.isPresent()) {
                return Optional.of(new Located(group, tag.get()));
            }
        }
        return Optional.empty();
    }

    /** Groups with their tags, larger order first, then creation order. */
    public List<CorpTagGroup> all() {
        return groups.values().stream()
                .sorted(Comparator.comparingLong(CorpTagGroup::order).reversed())
                .map(g -> g.withTags(g.sortedTags()))
                .toList();
    }

    public void renameGroup(String groupId, String name, long order) {
        groups.computeIfPresent(groupId, (id, g) -> g.renamed(name, order));
    }

    public void renameTag(Located located, String name, long order) {
        List<CorpTag> tags = located.group().tags().stream()
                .map(t -> t.id().equals(located.tag().id()) ? new CorpTag(t.id(), name, t.createTime(), order) : t)
                .toList();
        groups.put(located.group().groupId(), located.group().withTags(tags));
    }

    /** Deletes tags and groups; returns the ids of every tag that disappeared. Emptied groups disappear too. */
    public List<String> delete(List<String> tagIds, List<String> groupIds) {
        List<String> removed = new ArrayList<>();
        for (String groupId : groupIds) {
            CorpTagGroup group = groups.remove(groupId);
            if (group != null) {
                group.tags().forEach(t -> removed.add(t.id()));
            }
        }
        for (String tagId : tagIds) {
            tag(tagId).ifPresent(located -> {
                removed.add(tagId);
                List<CorpTag> rest = located.group().tags().stream()
                        .filter(t -> !t.id().equals(tagId))
                        .toList();
                if (rest.isEmpty()) {
                    groups.remove(located.group().groupId());
                } else {
                    groups.put(located.group().groupId(), located.group().withTags(rest));
                }
            });
        }
        return removed;
    }
}
