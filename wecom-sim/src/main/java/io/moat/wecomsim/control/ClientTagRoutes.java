package io.moat.wecomsim.control;

import io.moat.wecomsim.callbacks.CallbackEvent;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.tags.CorpTag;
import io.moat.wecomsim.tags.TagCatalog;
import io.moat.wecomsim.world.CorpState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tags an admin creates in the console or client (not through the API), which push change_external_tag/create:
 * one event for a new group (TagType tag_group), else one per new tag (TagType tag).
 */
public final class ClientTagRoutes implements ControlRoute.Group {

    @Override
    public void register(ControlRoutes routes) {
        routes.post("/sim/corps/{corpId}/client-tags", this::create);
    }

    /** Body: {@code {"groupId"?, "groupName"?, "order"?, "tags":[{"name","order"?}]}}. */
    private ControlAnswer create(ControlRequest request) {
        CorpState corp = request.corp();
        Optional<String> groupId = request.text("groupId");
        String groupName = request.text("groupName").orElse("");
        if (groupId.isEmpty() && groupName.isEmpty()) {
            throw ControlError.badRequest("groupId or groupName is required");
        }
        List<TagCatalog.NewTag> tags = new ArrayList<>();
        JsonNode tagNodes = request.body().path("tags");
        for (JsonNode node : tagNodes) {
            String name = ControlRequest.text(node, "name")
                    .filter(n -> !n.isEmpty())
                    .orElseThrow(() -> ControlError.badRequest("every tag needs a name"));
            tags.add(new TagCatalog.NewTag(name, node.path("order").asLong(0)));
        }
        if (tags.isEmpty()) {
            throw ControlError.badRequest("tags must list at least one tag");
        }
        synchronized (corp) {
            if (groupId.isPresent() && corp.tags().group(groupId.get()).isEmpty()) {
                throw ControlError.notFound("no tag group " + groupId.get());
            }
            TagCatalog.Added added = corp.tags()
                    .add(
                            groupId,
                            groupName,
                            request.number("order").orElse(0L),
                            tags,
                            corp.epochSecond(),
                            corp.ids()::tagId);
            if (added.newGroup()) {
                corp.emit(CallbackEvent.tag("create", added.group().groupId(), "tag_group"));
            } else {
                added.created().forEach(t -> corp.emit(CallbackEvent.tag("create", t.id(), "tag")));
            }
            ObjectNode answer = Json.object()
                    .put("groupId", added.group().groupId())
                    .put("groupName", added.group().groupName());
            for (CorpTag tag : added.group().tags()) {
                answer.withArray("tags").addObject().put("id", tag.id()).put("name", tag.name());
            }
            return ControlAnswer.created(answer);
        }
    }
}
