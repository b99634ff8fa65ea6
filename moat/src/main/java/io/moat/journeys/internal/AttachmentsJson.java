package io.moat.journeys.internal;

import io.moat.messaging.Attachment;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/** Attachments as stored in a broadcast's or a Moments plan's {@code attachments} column. */
final class AttachmentsJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AttachmentsJson() {}

    static String text(List<Attachment> attachments) {
        ArrayNode array = JSON.createArrayNode();
        for (Attachment a : attachments) {
            array.addObject()
                    .put("kind", a.kind())
                    .put("mediaId", a.mediaId())
                    .put("title", a.title())
                    .put("url", a.url());
        }
        return JSON.writeValueAsString(array);
    }

    static List<Attachment> read(String text) {
        List<Attachment> out = new ArrayList<>();
        for (JsonNode a : JSON.readTree(text)) {
            out.add(new Attachment(
                    a.path("kind").asString(),
                    a.hasNonNull("mediaId") ? a.path("mediaId").asString() : null,
                    a.hasNonNull("title") ? a.path("title").asString() : null,
                    a.hasNonNull("url") ? a.path("url").asString() : null));
        }
        return out;
    }
}
