package io.moat.tags.web;

import io.moat.tags.internal.ChannelTags;
import io.moat.tags.internal.ChannelTags.Mapping;
import io.moat.tags.web.TagRequests.MapChannelRequest;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Which tags a channel code's state gives, besides the channel-group tags named after it. */
@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/tags/channels")
class ChannelTagController {

    private final ChannelTags channels;

    ChannelTagController(ChannelTags channels) {
        this.channels = channels;
    }

    @GetMapping
    @RequiresPermission(Permission.TAGS_READ)
    List<Mapping> list(CurrentWorkspace workspace) {
        return channels.mappings(workspace.tenant());
    }

    @PutMapping("/{state}")
    @RequiresPermission(Permission.TAGS_WRITE)
    Mapping map(CurrentWorkspace workspace, @PathVariable String state, @Valid @RequestBody MapChannelRequest body) {
        return channels.map(workspace.tenant(), state.strip(), body.tagIds());
    }
}
