package io.moat.journeys.calendar;

import io.moat.messaging.Attachment;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stored form of a calendar's slots: {@code [{"key","weekday" (1 Monday .. 7 Sunday, absent daily),"time"
 * ("HH:mm"),"title","text","attachments":[{"kind","mediaId","title","url"}]}]}.
 */
public final class SlotJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SlotJson() {}

    public static String text(List<SopSlot> slots) {
        ArrayNode array = JSON.createArrayNode();
        for (SopSlot slot : slots) {
            ObjectNode node = array.addObject();
            node.put("key", slot.key());
            if (slot.weekday() != null) {
                node.put("weekday", slot.weekday().getValue());
            }
            node.put("time", slot.time().toString());
            node.put("title", slot.title());
            node.put("text", slot.text());
            ArrayNode pieces = node.putArray("attachments");
            for (Attachment a : slot.attachments()) {
                ObjectNode piece = pieces.addObject().put("kind", a.kind());
                piece.put("mediaId", a.mediaId());
                piece.put("title", a.title());
                piece.put("url", a.url());
            }
        }
        return JSON.writeValueAsString(array);
    }

    public static List<SopSlot> slots(String text) {
        List<SopSlot> slots = new ArrayList<>();
        for (JsonNode node : JSON.readTree(text)) {
            List<Attachment> pieces = new ArrayList<>();
            for (JsonNode a : node.path("attachments")) {
                pieces.add(new Attachment(
                        a.path("kind").asString(), nullable(a, "mediaId"), nullable(a, "title"), nullable(a, "url")));
            }
            slots.add(new SopSlot(
                    node.path("key").asString(),
                    node.hasNonNull("weekday")
                            ? DayOfWeek.of(node.path("weekday").asInt())
                            : null,
                    LocalTime.parse(node.path("time").asString()),
                    node.path("title").asString(),
                    node.path("text").asString(),
                    pieces));
        }
        return slots;
    }

    private static @Nullable String nullable(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.path(field).asString() : null;
    }
}
