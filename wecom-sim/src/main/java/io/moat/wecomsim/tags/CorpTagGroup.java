package io.moat.wecomsim.tags;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A tag group with its tags; WeCom has no empty groups, so deleting the last tag deletes the group. */
public record CorpTagGroup(String groupId, String groupName, long createTime, long order, List<CorpTag> tags) {

    static final Comparator<CorpTag> TAG_ORDER =
            Comparator.comparingLong(CorpTag::order).reversed();

    public CorpTagGroup {
        tags = List.copyOf(tags);
    }

    public Optional<CorpTag> tagNamed(String name) {
        return tags.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<CorpTag> tag(String id) {
        return tags.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public List<CorpTag> sortedTags() {
        return tags.stream().sorted(TAG_ORDER).toList();
    }

    CorpTagGroup withTags(List<CorpTag> newTags) {
        return new CorpTagGroup(groupId, groupName, createTime, order, newTags);
    }

    CorpTagGroup plus(CorpTag tag) {
        List<CorpTag> all = new ArrayList<>(tags);
        all.add(tag);
        return withTags(all);
    }

    CorpTagGroup renamed(String name, long newOrder) {
        return new CorpTagGroup(groupId, name, createTime, newOrder, tags);
    }
}
