package io.moat.journeys.definition;

import static io.moat.journeys.definition.DefinitionJson.invalid;

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
            case "date" -> date(node, field);
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

    /**
     * {@code {"type":"date","field":"birthday","offsetDays":-3,"yearly":true,"time":"10:00"}}: a custom date field's
     * key, days after the date (negative: before), yearly or once, the time of day. The older form {@code
     * {"property":"birthday"|"memberSince","daysBefore":3}} reads as the fields {@code birthday} and {@code
     * member_since}, yearly.
     */
    private static Trigger.DateProperty date(JsonNode node, String field) {
        LocalTime time = node.path("time").isMissingNode()
                ? LocalTime.of(10, 0)
                : DefinitionJson.time(node.path("time"), field + ".time");
        if (node.has("property")) {
            String key =
                    switch (node.path("property").asString("")) {
                        case "birthday" -> "birthday";
                        case "memberSince" -> "member_since";
                        default -> throw invalid(field + ".property", "birthday or memberSince");
                    };
            int before = node.path("daysBefore").isMissingNode()
                    ? 0
                    : DefinitionJson.integer(node, field + ".daysBefore", 0, 60);
            return new Trigger.DateProperty(key, -before, true, time);
        }
        String key = node.path("field").asString("");
        if (!FIELD_KEY.matcher(key).matches()) {
            throw invalid(field + ".field", "the key of a custom date field, like birthday");
        }
        int offset = node.path("offsetDays").isMissingNode()
                ? 0
                : DefinitionJson.integer(node, field + ".offsetDays", -366, 366);
        JsonNode yearly = node.path("yearly");
        if (!yearly.isMissingNode() && !yearly.isBoolean()) {
            throw invalid(field + ".yearly", "true or false");
        }
        return new Trigger.DateProperty(key, offset, yearly.asBoolean(false), time);
    }

    private static final java.util.regex.Pattern FIELD_KEY = java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,39}");

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
                        .put("field", date.field())
                        .put("offsetDays", date.offsetDays())
                        .put("yearly", date.yearly())
                        .put("time", date.time().toString());
            case Trigger.Dormant dormant -> json.put("type", "dormant").put("days", dormant.days());
            case Trigger.ApiEvent api -> json.put("type", "apiEvent").put("name", api.name());
            case Trigger.Manual manual -> json.put("type", "manual");
        }
        return json;
    }
}
