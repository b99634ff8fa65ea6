package io.moat.wecomsim.api;

import static io.moat.wecomsim.api.ApiEndpoints.emptyArrays;

import io.moat.wecomsim.contacts.FollowRelation;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.tags.CorpTag;
import io.moat.wecomsim.tags.CorpTagGroup;
import io.moat.wecomsim.tags.TagCatalog;
import io.moat.wecomsim.world.CorpState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The enterprise tag library and tagging customers. API writes here push no callbacks, as in WeCom. */
final class CorpTagEndpoints {

    static final int MAX_NAME = 30;

    private CorpTagEndpoints() {}

    static void register(ApiEndpoints endpoints) {
        endpoints.post("/cgi-bin/externalcontact/get_corp_tag_list", emptyArrays("tag_group"), CorpTagEndpoints::list);
        endpoints.post("/cgi-bin/externalcontact/add_corp_tag", Json.object(), CorpTagEndpoints::add);
        endpoints.post("/cgi-bin/externalcontact/edit_corp_tag", Json.object(), CorpTagEndpoints::edit);
        endpoints.post("/cgi-bin/externalcontact/del_corp_tag", Json.object(), CorpTagEndpoints::delete);
        endpoints.post("/cgi-bin/externalcontact/mark_tag", Json.object(), CorpTagEndpoints::mark);
    }

    /** With group_id, those groups whole; else with tag_id, the groups holding them with just those tags. */
    private static ObjectNode list(ApiRequest request) {
        List<String> groupIds = request.texts("group_id");
        List<String> tagIds = request.texts("tag_id");
        boolean filtered = !groupIds.isEmpty() || !tagIds.isEmpty();
        ObjectNode answer = Json.object();
        ArrayNode groups = answer.putArray("tag_group");
        for (CorpTagGroup group : request.corp().tags().all()) {
            List<CorpTag> tags;
            if (!groupIds.isEmpty()) {
                tags = groupIds.contains(group.groupId()) ? group.tags() : List.of();
            } else if (!tagIds.isEmpty()) {
                tags = group.tags().stream()
                        .filter(t -> tagIds.contains(t.id()))
                        .toList();
            } else {
                tags = group.tags();
            }
            if (!tags.isEmpty()) {
                groups.add(groupJson(group, tags, filtered));
            }
        }
        return answer;
    }

    static ObjectNode groupJson(CorpTagGroup group, List<CorpTag> tags, boolean withDeleted) {
        ObjectNode json = Json.object()
                .put("group_id", group.groupId())
                .put("group_name", group.groupName())
                .put("create_time", group.createTime())
                .put("order", group.order());
        if (withDeleted) {
            json.put("deleted", false);
        }
        ArrayNode list = json.putArray("tag");
        for (CorpTag tag : tags) {
            ObjectNode item = list.addObject()
                    .put("id", tag.id())
                    .put("name", tag.name())
                    .put("create_time", tag.createTime())
                    .put("order", tag.order());
            if (withDeleted) {
                item.put("deleted", false);
            }
        }
        return json;
    }

    /** Adds to the group named by group_id, else by group_name (created if new). Answers with the added tags. */
    private static ObjectNode add(ApiRequest request) {
        CorpState corp = request.corp();
        String groupId = request.text("group_id");
        String groupName = request.text("group_name");
        if (!groupId.isEmpty() && corp.tags().group(groupId).isEmpty()) {
            throw ApiError.invalid("no tag group " + groupId);
        }
        if (groupId.isEmpty()) {
            if (groupName.isEmpty()) {
                throw ApiError.invalid("group_id or group_name is required");
            }
            CustomerEndpoints.limited(groupName, "group_name", MAX_NAME);
        }
        JsonNode tagNodes = request.body().get("tag");
        if (tagNodes == null || !tagNodes.isArray() || tagNodes.isEmpty()) {
            throw ApiError.invalid("tag must list at least one tag: WeCom has no empty groups");
        }
        List<TagCatalog.NewTag> tags = new ArrayList<>();
        for (JsonNode node : tagNodes) {
            ApiRequest tag = request.nested(node);
            String name = CustomerEndpoints.limited(tag.requiredText("name"), "tag name", MAX_NAME);
            tags.add(new TagCatalog.NewTag(name, tag.number("order", 0)));
        }
        checkCap(
                corp,
                groupId.isEmpty()
                        ? corp.tags().groupNamed(groupName)
                        : corp.tags().group(groupId),
                tags);
        TagCatalog.Added added = corp.tags()
                .add(
                        groupId.isEmpty() ? Optional.empty() : Optional.of(groupId),
                        groupName,
                        request.number("order", 0),
                        tags,
                        corp.epochSecond(),
                        corp.ids()::tagId);
        return Json.object()
                .set("tag_group", groupJson(added.group(), added.group().tags(), false));
    }

    /** The corp's tag library is capped (knob corpTagCap, default 10,000): 40126 when the new tags would pass it. */
    private static void checkCap(CorpState corp, Optional<CorpTagGroup> target, List<TagCatalog.NewTag> tags) {
        long fresh = tags.stream()
                .map(TagCatalog.NewTag::name)
                .distinct()
                .filter(name -> target.flatMap(g -> g.tagNamed(name)).isEmpty())
                .count();
        int cap = corp.knobs().corpTagCap();
        if (corp.tags().tagCount() + fresh > cap) {
            throw new ApiError(ErrCode.TAG_LIMIT, "the library would hold more than " + cap + " tags");
        }
    }

    /** id names a tag or a group; a new name must not clash within its scope. */
    private static ObjectNode edit(ApiRequest request) {
        TagCatalog catalog = request.corp().tags();
        String id = request.requiredText("id");
        String name = request.has("name") ? CustomerEndpoints.limited(request.text("name"), "name", MAX_NAME) : null;
        Optional<CorpTagGroup> group = catalog.group(id);
        if (group.isPresent()) {
            String newName = name == null || name.isEmpty() ? group.get().groupName() : name;
            if (!newName.equals(group.get().groupName())
                    && catalog.groupNamed(newName).isPresent()) {
                throw ApiError.invalid("a tag group named " + newName + " exists");
            }
            catalog.renameGroup(id, newName, request.number("order", group.get().order()));
            return Json.object();
        }
        TagCatalog.Located located = catalog.tag(id).orElseThrow(() -> ApiError.invalid("no tag or tag group " + id));
        String newName = name == null || name.isEmpty() ? located.tag().name() : name;
        if (!newName.equals(located.tag().name())
                && located.group().tagNamed(newName).isPresent()) {
            throw ApiError.invalid("the group already has a tag named " + newName);
        }
        catalog.renameTag(
                located, newName, request.number("order", located.tag().order()));
        return Json.object();
    }

    /** Deleting the last tag of a group deletes the group; deleted tags leave every customer. */
    private static ObjectNode delete(ApiRequest request) {
        List<String> tagIds = request.texts("tag_id");
        List<String> groupIds = request.texts("group_id");
        if (tagIds.isEmpty() && groupIds.isEmpty()) {
            throw ApiError.invalid("tag_id and group_id are both empty");
        }
        CorpState corp = request.corp();
        for (String tagId : tagIds) {
            corp.tags().tag(tagId).orElseThrow(() -> ApiError.invalid("no tag " + tagId));
        }
        for (String groupId : groupIds) {
            corp.tags().group(groupId).orElseThrow(() -> ApiError.invalid("no tag group " + groupId));
        }
        corp.customers().dropTags(corp.tags().delete(tagIds, groupIds));
        return Json.object();
    }

    /** Tags are per (member, customer). The tagConflicts knob makes each request's first attempt answer 45035. */
    private static ObjectNode mark(ApiRequest request) {
        CorpState corp = request.corp();
        String userid = request.requiredText("userid");
        String externalUserId = request.requiredText("external_userid");
        List<String> add = request.texts("add_tag");
        List<String> remove = request.texts("remove_tag");
        if (add.isEmpty() && remove.isEmpty()) {
            throw ApiError.invalid("add_tag and remove_tag are both empty");
        }
        for (String tagId : add) {
            corp.tags().tag(tagId).orElseThrow(() -> ApiError.invalid("no tag " + tagId));
        }
        CustomerEndpoints.customer(corp, externalUserId);
        FollowRelation relation = corp.customers()
                .relation(userid, externalUserId)
                .orElseThrow(() ->
                        new ApiError(ErrCode.NOT_EXTERNAL_CONTACT, userid + " does not follow " + externalUserId));
        String requestKey = userid + "|" + externalUserId + "|" + add + "|" + remove;
        if (corp.knobs().tagConflicts() && corp.tagConflicts().conflicts(requestKey)) {
            throw new ApiError(ErrCode.CONCURRENT_CONFLICT, "tagConflicts knob: another mark_tag is in flight");
        }
        corp.customers().putRelation(relation.withTags(add, remove));
        return Json.object();
    }
}
