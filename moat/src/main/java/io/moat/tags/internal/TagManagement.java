package io.moat.tags.internal;

import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.tags.internal.TagLibrary.Group;
import io.moat.tags.internal.TagLibrary.Tag;
import io.moat.tags.rules.Condition;
import io.moat.tags.rules.ConditionJson;
import io.moat.wecom.WecomTags;
import io.moat.workspace.AuditLog;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, renames and deletes tag groups and tags. For a group that syncs with WeCom the change is made in WeCom
 * first and then here, in the same transaction: WeCom sends no callback for API writes, and when it refuses,
 * nothing local changes. WeCom has no empty groups, so a synced group reaches WeCom with its first tag, and leaves
 * it with its last. Call in the workspace's scope.
 */
@Service
@Transactional
public class TagManagement {

    private final TagLibrary library;
    private final RuleTags rules;
    private final WecomTags wecom;
    private final AuditLog audit;
    private final Clock clock;

    TagManagement(TagLibrary library, RuleTags rules, WecomTags wecom, AuditLog audit, Clock clock) {
        this.library = library;
        this.rules = rules;
        this.wecom = wecom;
        this.audit = audit;
        this.clock = clock;
    }

    /** {@code wecom} null means: sync if the kind does by default and WeCom is configured. */
    public record NewGroup(
            String name, TagKind kind, @Nullable Boolean wecom, List<String> tags) {}

    public Group createGroup(TenantId tenant, NewGroup request) {
        library.lock(tenant);
        if (library.groupNamed(tenant, request.name()).isPresent()) {
            throw new Problem(
                    HttpStatus.CONFLICT,
                    "tag-group-exists",
                    "A tag group named '" + request.name() + "' exists.",
                    "name");
        }
        if (request.kind() == TagKind.RULE && !request.tags().isEmpty()) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "rule-tag-needs-condition",
                    "Create rule tags one by one, each with its condition.",
                    "tags");
        }
        boolean sync = GroupSync.decide(wecom, tenant, request);
        String wecomGroupId = null;
        List<WecomTags.Tag> created = List.of();
        if (sync && !request.tags().isEmpty()) {
            created = WecomRefusal.guard(
                    "name", "create the tag group", () -> wecom.add(tenant, null, request.name(), request.tags()));
            wecomGroupId = created.getFirst().groupId();
        }
        long id = library.insertGroup(tenant, request.name(), request.kind(), sync, wecomGroupId, clock.instant());
        for (String name : request.tags()) {
            String wecomTagId = created.stream()
                    .filter(tag -> tag.name().equals(name))
                    .map(WecomTags.Tag::tagId)
                    .findFirst()
                    .orElse(null);
            library.insertTag(tenant, id, name, wecomTagId, clock.instant());
        }
        audit.record(
                "tags.group.created",
                "tag-group:" + id,
                Map.of("name", request.name(), "kind", request.kind().code(), "wecom", sync, "tags", request.tags()));
        return library.group(tenant, id).orElseThrow();
    }

    public Group renameGroup(TenantId tenant, long id, String name) {
        library.lock(tenant);
        Group group = group(tenant, id);
        if (group.name().equals(name)) {
            return group;
        }
        if (library.groupNamed(tenant, name).isPresent()) {
            throw new Problem(
                    HttpStatus.CONFLICT, "tag-group-exists", "A tag group named '" + name + "' exists.", "name");
        }
        if (group.wecomSync() && group.wecomGroupId() != null) {
            WecomRefusal.guard("name", "rename the tag group", () -> wecom.rename(tenant, group.wecomGroupId(), name));
        }
        library.renameGroup(tenant, id, name);
        audit.record("tags.group.renamed", "tag-group:" + id, Map.of("from", group.name(), "to", name));
        return library.group(tenant, id).orElseThrow();
    }

    public void deleteGroup(TenantId tenant, long id) {
        library.lock(tenant);
        Group group = group(tenant, id);
        if (group.wecomSync() && group.wecomGroupId() != null) {
            WecomRefusal.guard(
                    "id", "delete the tag group", () -> wecom.delete(tenant, List.of(), List.of(group.wecomGroupId())));
        }
        library.deleteGroup(tenant, id, clock.instant());
        audit.record("tags.group.deleted", "tag-group:" + id, Map.of("name", group.name()));
    }

    public Tag createTag(TenantId tenant, long groupId, String name, @Nullable Condition condition) {
        library.lock(tenant);
        Group group = group(tenant, groupId);
        checkCondition(group, condition);
        nameFree(tenant, groupId, name);
        String wecomTagId = null;
        if (group.wecomSync()) {
            var created = WecomRefusal.guard(
                    "name",
                    "create the tag",
                    () -> group.wecomGroupId() == null
                            ? wecom.add(tenant, null, group.name(), List.of(name))
                            : wecom.add(tenant, group.wecomGroupId(), null, List.of(name)));
            wecomTagId = created.getFirst().tagId();
            if (group.wecomGroupId() == null) {
                library.linkGroup(tenant, groupId, created.getFirst().groupId());
            }
        }
        long id = library.insertTag(tenant, groupId, name, wecomTagId, clock.instant());
        if (condition != null) {
            rules.define(tenant, id, condition);
        }
        audit.record("tags.tag.created", "tag:" + id, Map.of("group", groupId, "name", name));
        return library.tag(tenant, id).orElseThrow();
    }

    /** Renames a tag and, for a rule tag, replaces its condition (the rule is then evaluated afresh). */
    public Tag changeTag(TenantId tenant, long id, @Nullable String name, @Nullable Condition condition) {
        library.lock(tenant);
        Tag tag = tag(tenant, id);
        Group group = group(tenant, tag.groupId());
        if (condition != null && group.kind() != TagKind.RULE) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST, "condition-not-allowed", "Only rule tags have a condition.", "condition");
        }
        Map<String, Object> detail = new HashMap<>();
        if (name != null && !name.equals(tag.name())) {
            nameFree(tenant, group.id(), name);
            if (tag.wecomTagId() != null && group.wecomSync()) {
                WecomRefusal.guard("name", "rename the tag", () -> wecom.rename(tenant, tag.wecomTagId(), name));
            }
            library.renameTag(tenant, id, name);
            detail.put("from", tag.name());
            detail.put("to", name);
        }
        if (condition != null) {
            rules.define(tenant, id, condition);
            detail.put("condition", ConditionJson.text(condition));
        }
        audit.record("tags.tag.changed", "tag:" + id, detail);
        return library.tag(tenant, id).orElseThrow();
    }

    public void deleteTag(TenantId tenant, long id) {
        library.lock(tenant);
        Tag tag = tag(tenant, id);
        Group group = group(tenant, tag.groupId());
        if (tag.wecomTagId() != null && group.wecomSync()) {
            WecomRefusal.guard(
                    "id", "delete the tag", () -> wecom.delete(tenant, List.of(tag.wecomTagId()), List.of()));
            boolean last = library.tagsOf(tenant, group.id()).stream()
                    .allMatch(other -> other.id() == id || other.wecomTagId() == null);
            if (last) {
                library.linkGroup(tenant, group.id(), null);
            }
        }
        library.deleteTags(tenant, List.of(id), clock.instant());
        audit.record("tags.tag.deleted", "tag:" + id, Map.of("name", tag.name(), "group", group.id()));
    }

    private void checkCondition(Group group, @Nullable Condition condition) {
        if (group.kind() == TagKind.RULE && condition == null) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST, "rule-tag-needs-condition", "A rule tag needs a condition.", "condition");
        }
        if (group.kind() != TagKind.RULE && condition != null) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST, "condition-not-allowed", "Only rule tags have a condition.", "condition");
        }
    }

    private void nameFree(TenantId tenant, long groupId, String name) {
        if (library.tagNamed(tenant, groupId, name).isPresent()) {
            throw new Problem(
                    HttpStatus.CONFLICT, "tag-exists", "The group already has a tag named '" + name + "'.", "name");
        }
    }

    private Group group(TenantId tenant, long id) {
        return library.group(tenant, id)
                .orElseThrow(() ->
                        new Problem(HttpStatus.NOT_FOUND, "tag-group-not-found", "No tag group " + id + ".", "id"));
    }

    private Tag tag(TenantId tenant, long id) {
        return library.tag(tenant, id)
                .orElseThrow(() -> new Problem(HttpStatus.NOT_FOUND, "tag-not-found", "No tag " + id + ".", "id"));
    }
}
