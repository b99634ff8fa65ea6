package io.moat.tags.web;

import io.moat.tags.internal.CorpTagImport;
import io.moat.tags.internal.RuleTags;
import io.moat.tags.internal.TagManagement;
import io.moat.tags.internal.TagManagement.NewGroup;
import io.moat.tags.internal.TagQueries;
import io.moat.tags.web.TagRequests.ChangeTagRequest;
import io.moat.tags.web.TagRequests.CreateGroupRequest;
import io.moat.tags.web.TagRequests.CreateTagRequest;
import io.moat.tags.web.TagRequests.RenameGroupRequest;
import io.moat.tags.web.TagResponses.GroupResponse;
import io.moat.tags.web.TagResponses.LibraryResponse;
import io.moat.tags.web.TagResponses.TagResponse;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.validation.Valid;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/tags")
class TagController {

    private final TagManagement management;
    private final TagQueries queries;
    private final CorpTagImport corpTags;
    private final RuleTags rules;

    TagController(TagManagement management, TagQueries queries, CorpTagImport corpTags, RuleTags rules) {
        this.management = management;
        this.queries = queries;
        this.corpTags = corpTags;
        this.rules = rules;
    }

    @GetMapping
    @RequiresPermission(Permission.TAGS_READ)
    LibraryResponse library(CurrentWorkspace workspace) {
        return new LibraryResponse(queries.library(workspace.tenant()).stream()
                .map(GroupResponse::of)
                .toList());
    }

    @PostMapping("/groups")
    @RequiresPermission(Permission.TAGS_WRITE)
    @ResponseStatus(HttpStatus.CREATED)
    GroupResponse createGroup(CurrentWorkspace workspace, @Valid @RequestBody CreateGroupRequest body) {
        var group = management.createGroup(
                workspace.tenant(),
                new NewGroup(body.name().strip(), body.parsedKind(), body.wecom(), body.tagNames()));
        return GroupResponse.of(queries.group(workspace.tenant(), group));
    }

    @PatchMapping("/groups/{groupId}")
    @RequiresPermission(Permission.TAGS_WRITE)
    GroupResponse renameGroup(
            CurrentWorkspace workspace, @PathVariable long groupId, @Valid @RequestBody RenameGroupRequest body) {
        var group =
                management.renameGroup(workspace.tenant(), groupId, body.name().strip());
        return GroupResponse.of(queries.group(workspace.tenant(), group));
    }

    @DeleteMapping("/groups/{groupId}")
    @RequiresPermission(Permission.TAGS_WRITE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteGroup(CurrentWorkspace workspace, @PathVariable long groupId) {
        management.deleteGroup(workspace.tenant(), groupId);
    }

    @PostMapping("/groups/{groupId}/tags")
    @RequiresPermission(Permission.TAGS_WRITE)
    @ResponseStatus(HttpStatus.CREATED)
    TagResponse createTag(
            CurrentWorkspace workspace, @PathVariable long groupId, @Valid @RequestBody CreateTagRequest body) {
        var tag = management.createTag(
                workspace.tenant(), groupId, body.name().strip(), TagRequests.condition(body.condition()));
        return TagResponse.of(queries.tag(workspace.tenant(), tag));
    }

    @PatchMapping("/{tagId}")
    @RequiresPermission(Permission.TAGS_WRITE)
    TagResponse changeTag(
            CurrentWorkspace workspace, @PathVariable long tagId, @Valid @RequestBody ChangeTagRequest body) {
        var tag = management.changeTag(
                workspace.tenant(), tagId, body.strippedName(), TagRequests.condition(body.condition()));
        return TagResponse.of(queries.tag(workspace.tenant(), tag));
    }

    @DeleteMapping("/{tagId}")
    @RequiresPermission(Permission.TAGS_WRITE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteTag(CurrentWorkspace workspace, @PathVariable long tagId) {
        management.deleteTag(workspace.tenant(), tagId);
    }

    /** Imports WeCom's corp tags: creates what is missing, follows renames, deletes what WeCom deleted. */
    @PostMapping("/sync")
    @RequiresPermission(Permission.TAGS_WRITE)
    Map<String, Integer> sync(CurrentWorkspace workspace) {
        return corpTags.run(workspace.tenant()).counts();
    }

    @PostMapping("/{tagId}/evaluate")
    @RequiresPermission(Permission.TAGS_WRITE)
    RuleTags.Evaluation evaluate(CurrentWorkspace workspace, @PathVariable long tagId) {
        return rules.evaluate(workspace.tenant(), tagId);
    }
}
