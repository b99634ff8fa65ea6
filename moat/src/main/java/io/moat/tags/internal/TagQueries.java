package io.moat.tags.internal;

import io.moat.shared.TenantId;
import io.moat.tags.internal.RuleTags.Rule;
import io.moat.tags.internal.TagLibrary.Group;
import io.moat.tags.internal.TagLibrary.Tag;
import io.moat.tags.rules.Condition;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The library as the console lists it: groups, their tags, how many customers carry each, rule conditions. */
@Service
@Transactional(readOnly = true)
public class TagQueries {

    private final TagLibrary library;
    private final RuleTags rules;

    TagQueries(TagLibrary library, RuleTags rules) {
        this.library = library;
        this.rules = rules;
    }

    public record TagSummary(
            Tag tag, long customers, @Nullable Condition condition) {}

    public record GroupSummary(Group group, List<TagSummary> tags) {}

    public List<GroupSummary> library(TenantId tenant) {
        Map<Long, Long> counts = library.customerCounts(tenant);
        Map<Long, Condition> conditions =
                rules.rules(tenant).stream().collect(Collectors.toMap(Rule::tagId, Rule::condition));
        Map<Long, List<Tag>> byGroup = library.tags(tenant).stream().collect(Collectors.groupingBy(Tag::groupId));
        return library.groups(tenant).stream()
                .map(group -> new GroupSummary(
                        group,
                        byGroup.getOrDefault(group.id(), List.of()).stream()
                                .map(tag -> new TagSummary(
                                        tag, counts.getOrDefault(tag.id(), 0L), conditions.get(tag.id())))
                                .toList()))
                .toList();
    }

    public GroupSummary group(TenantId tenant, Group group) {
        return library(tenant).stream()
                .filter(summary -> summary.group().id() == group.id())
                .findFirst()
                .orElseGet(() -> new GroupSummary(group, List.of()));
    }

    public TagSummary tag(TenantId tenant, Tag tag) {
        return library(tenant).stream()
                .flatMap(summary -> summary.tags().stream())
                .filter(summary -> summary.tag().id() == tag.id())
                .findFirst()
                .orElseGet(() -> new TagSummary(tag, 0, null));
    }
}
