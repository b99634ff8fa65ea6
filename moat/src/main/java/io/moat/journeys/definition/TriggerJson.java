package io.moat.journeys.definition;

import static io.moat.journeys.definition.DefinitionJson.invalid;

import io.moat.journeys.definition.Trigger.DateKind;
import java.time.LocalTime;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The JSON form of a trigger: {@code {"type":"orderPaid","skus":["A1"]}} and the like. */
final class TriggerJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TriggerJson() {}

    static Trigger read(JsonNode node, String field) {
        DefinitionJson.object(node, field);
        return switch (node.path("type").asString("")) {
            case "customerAdded" ->
                new Trigger.CustomerAdded(DefinitionJson.strings(node.path("channels"), field + ".channels", 0, 100));
            case "tagAssigned" -> new Trigger.TagAssigned(id(node, field + ".tagId"));
            case "tagRemoved" -> new Trigger.TagRemoved(id(node, field + ".tagId"));
            case "orderPaid" ->
                new Trigger.OrderPaid(
                        DefinitionJson.strings(node.path("skus"), field + ".skus", 0, 100),
                        DefinitionJson.strings(node.path("categories"), field + ".categories", 0, 100));
            case "segmentEntered" -> new Trigger.SegmentEntered(id(node, field + ".segmentId"));
            case "segmentExited" -> new Trigger.SegmentExited(id(node, field + ".segmentId"));
            case "joinedGroup" ->
                new Trigger.JoinedGroup(DefinitionJson.strings(node.path("chatIds"), field + ".chatIds", 0, 100));
            case "leftGroup" ->
                new Trigger.LeftGroup(DefinitionJson.strings(node.path("chatIds"), field + ".chatIds", 0, 100));
            case "date" ->
                new Trigger.DateProperty(
                        DefinitionJson.dateKind(node.path("property"), field + ".property"),
                        node.path("daysBefore").isMissingNode()
                                ? 0
                                : DefinitionJson.integer(node, field + ".daysBefore", 0, 60),
                        node.path("time").isMissingNode()
                                ? LocalTime.of(10, 0)
                                : DefinitionJson.time(node.path("time"), field + ".time"));
            case "dormant" -> new Trigger.Dormant(DefinitionJson.integer(node, field + ".days", 1, 3650));
            case "apiEvent" -> new Trigger.ApiEvent(DefinitionJson.name(node.path("name"), field + ".name", 64));
            case "manual" -> new Trigger.Manual();
            default ->
                throw invalid(
                        field + ".type",
                        "unknown trigger; one of customerAdded, tagAssigned, tagRemoved, orderPaid, segmentEntered,"
                                + " segmentExited, joinedGroup, leftGroup, date, dormant, apiEvent, manual");
        };
    }

    private static long id(JsonNode node, String field) {
        JsonNode value = node.path(field.substring(field.lastIndexOf('.') + 1));
        if (!value.canConvertToLong() || value.asLong() <= 0) {
            throw invalid(field, "an id is required");
        }
        return value.asLong();
    }

    static ObjectNode write(Trigger trigger) {
        ObjectNode json = JSON.createObjectNode();
        switch (trigger) {
            case Trigger.CustomerAdded added -> {
                json.put("type", "customerAdded");
                added.channels().forEach(json.putArray("channels")::add);
            }
            case Trigger.TagAssigned tag -> json.put("type", "tagAssigned").put("tagId", tag.tagId());
            case Trigger.TagRemoved tag -> json.put("type", "tagRemoved").put("tagId", tag.tagId());
            case Trigger.OrderPaid paid -> {
                json.put("type", "orderPaid");
                var skus = json.putArray("skus");
                paid.skus().forEach(skus::add);
                var categories = json.putArray("categories");
                paid.categories().forEach(categories::add);
            }
            case Trigger.SegmentEntered s -> json.put("type", "segmentEntered").put("segmentId", s.segmentId());
            case Trigger.SegmentExited s -> json.put("type", "segmentExited").put("segmentId", s.segmentId());
            case Trigger.JoinedGroup g -> {
                json.put("type", "joinedGroup");
                g.chatIds().forEach(json.putArray("chatIds")::add);
            }
            case Trigger.LeftGroup g -> {
                json.put("type", "leftGroup");
                g.chatIds().forEach(json.putArray("chatIds")::add);
            }
            case Trigger.DateProperty date ->
                json.put("type", "date")
                        .put("property", date.property() == DateKind.BIRTHDAY ? "birthday" : "memberSince")
                        .put("daysBefore", date.daysBefore())
                        .put("time", date.time().toString());
            case Trigger.Dormant dormant -> json.put("type", "dormant").put("days", dormant.days());
            case Trigger.ApiEvent api -> json.put("type", "apiEvent").put("name", api.name());
            case Trigger.Manual manual -> json.put("type", "manual");
        }
        return json;
    }
}
