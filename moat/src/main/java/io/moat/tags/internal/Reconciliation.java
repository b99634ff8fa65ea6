package io.moat.tags.internal;

import io.moat.shared.TenantId;
import io.moat.tags.internal.CorpTagImport.Outcome;
import io.moat.tags.internal.TagLibrary.Group;
import io.moat.tags.internal.TagLibrary.Tag;
import io.moat.wecom.WecomTags;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes the synced part of the library match WeCom's corp tags. Groups and tags are matched by WeCom id, else a
 * synced or unsynced non-rule group (or a tag in it) of the same name that has none yet is linked; the rest is
 * created. Names follow WeCom. Synced tags and groups WeCom no longer lists are deleted here, assignments and all.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
class Reconciliation {

    private final TagLibrary library;
    private final Clock clock;

    Reconciliation(TagLibrary library, Clock clock) {
        this.library = library;
        this.clock = clock;
    }

    private static final class Counts {
        int groupsCreated;
        int tagsCreated;
        int renamed;
        int groupsDeleted;
        int tagsDeleted;
    }

    Outcome reconcile(TenantId tenant, List<WecomTags.Tag> remote) {
        library.lock(tenant);
        Instant now = clock.instant();
        Counts counts = new Counts();
        Map<String, List<WecomTags.Tag>> byGroup = remote.stream()
                .filter(tag -> !tag.deleted())
                .collect(Collectors.groupingBy(WecomTags.Tag::groupId, LinkedHashMap::new, Collectors.toList()));
        for (var entry : byGroup.entrySet()) {
            Group group =
                    group(tenant, entry.getKey(), entry.getValue().getFirst().groupName(), counts, now);
            for (WecomTags.Tag tag : entry.getValue()) {
                tag(tenant, group, tag, counts, now);
            }
        }
        Set<String> liveTags = byGroup.values().stream()
                .flatMap(List::stream)
                .map(WecomTags.Tag::tagId)
                .collect(Collectors.toSet());
        List<Long> goneTags = library.tags(tenant).stream()
                .filter(tag -> tag.wecomTagId() != null && !liveTags.contains(tag.wecomTagId()))
                .map(Tag::id)
                .toList();
        library.deleteTags(tenant, goneTags, now);
        counts.tagsDeleted += goneTags.size();
        for (Group group : library.groups(tenant)) {
            if (group.wecomGroupId() != null && !byGroup.containsKey(group.wecomGroupId())) {
                library.deleteGroup(tenant, group.id(), now);
                counts.groupsDeleted++;
            }
        }
        return new Outcome(
                counts.groupsCreated, counts.tagsCreated, counts.renamed, counts.groupsDeleted, counts.tagsDeleted);
    }

    private Group group(TenantId tenant, String wecomGroupId, String name, Counts counts, Instant now) {
        Optional<Group> linked = library.groups(tenant).stream()
                .filter(g -> wecomGroupId.equals(g.wecomGroupId()))
                .findFirst();
        if (linked.isPresent()) {
            Group group = linked.get();
            if (!group.name().equals(name) && library.groupNamed(tenant, name).isEmpty()) {
                library.renameGroup(tenant, group.id(), name);
                counts.renamed++;
            }
            return group;
        }
        Optional<Group> sameName = library.groupNamed(tenant, name);
        if (sameName.isPresent()
                && sameName.get().wecomGroupId() == null
                && sameName.get().kind() != TagKind.RULE) {
            library.linkGroup(tenant, sameName.get().id(), wecomGroupId);
            return library.group(tenant, sameName.get().id()).orElseThrow();
        }
        String free = sameName.isPresent() ? name + " (WeCom " + wecomGroupId + ")" : name;
        long id = library.insertGroup(tenant, free, TagKind.MANUAL, true, wecomGroupId, now);
        counts.groupsCreated++;
        return library.group(tenant, id).orElseThrow();
    }

    private void tag(TenantId tenant, Group group, WecomTags.Tag remote, Counts counts, Instant now) {
        Optional<Tag> linked = library.tagByWecomId(tenant, remote.tagId());
        if (linked.isPresent()) {
            Tag tag = linked.get();
            if (!tag.name().equals(remote.name())
                    && library.tagNamed(tenant, tag.groupId(), remote.name()).isEmpty()) {
                library.renameTag(tenant, tag.id(), remote.name());
                counts.renamed++;
            }
            return;
        }
        Optional<Tag> sameName = library.tagNamed(tenant, group.id(), remote.name());
        if (sameName.isPresent() && sameName.get().wecomTagId() == null) {
            library.linkTag(tenant, sameName.get().id(), remote.tagId());
            return;
        }
        if (sameName.isEmpty()) {
            library.insertTag(tenant, group.id(), remote.name(), remote.tagId(), now);
            counts.tagsCreated++;
        }
    }
}
