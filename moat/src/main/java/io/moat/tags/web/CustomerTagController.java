package io.moat.tags.web;

import io.moat.tags.internal.CustomerTags;
import io.moat.tags.web.TagRequests.AssignTagsRequest;
import io.moat.tags.web.TagResponses.CustomerTagResponse;
import io.moat.tags.web.TagResponses.CustomerTagsResponse;
import io.moat.tags.web.TagResponses.ResultResponse;
import io.moat.tags.web.TagResponses.TaggingResponse;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A customer's tags on the profile, and tagging one customer by hand. */
@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/customers/{id}/tags")
class CustomerTagController {

    private final CustomerTags tags;

    CustomerTagController(CustomerTags tags) {
        this.tags = tags;
    }

    @GetMapping
    @RequiresPermission(Permission.TAGS_READ)
    CustomerTagsResponse list(CurrentWorkspace workspace, @PathVariable long id) {
        return new CustomerTagsResponse(current(workspace, id));
    }

    /** Synced tags are marked on each active WeCom relation first; the answer says how each went. */
    @PostMapping
    @RequiresPermission(Permission.TAGS_WRITE)
    TaggingResponse change(
            CurrentWorkspace workspace, @PathVariable long id, @Valid @RequestBody AssignTagsRequest body) {
        var marked = tags.change(
                workspace.tenant(), id, TagRequests.orEmpty(body.add()), TagRequests.orEmpty(body.remove()));
        return new TaggingResponse(
                marked.outcome().code(),
                marked.results().stream().map(ResultResponse::of).toList(),
                current(workspace, id));
    }

    private List<CustomerTagResponse> current(CurrentWorkspace workspace, long id) {
        return tags.of(workspace.tenant(), id).stream()
                .map(CustomerTagResponse::of)
                .toList();
    }
}
