package io.moat.wecomsim.api;

import io.moat.wecomsim.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Text plus attachments, as welcome messages and mass messages carry them (wecom-api.md §4, §5): text ≤4000 bytes,
 * at most 9 attachments of image, link, miniprogram, video or file, not both empty.
 *
 * @param attachments exactly as the request gave them, to be recorded in the deliveries
 */
record MessageContent(String text, JsonNode attachments) {

    static final int MAX_TEXT_BYTES = 4000;
    static final int MAX_ATTACHMENTS = 9;
    static final Set<String> MSGTYPES = Set.of("image", "link", "miniprogram", "video", "file");

    static MessageContent read(ApiRequest request) {
        JsonNode text = request.body().path("text");
        String content = text.path("content").isString() ? text.path("content").stringValue() : "";
        if (content.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            throw ApiError.invalid("text.content is longer than " + MAX_TEXT_BYTES + " bytes");
        }
        JsonNode attachments = request.body().path("attachments");
        if (!attachments.isMissingNode() && !attachments.isNull() && !attachments.isArray()) {
            throw ApiError.invalid("attachments must be an array");
        }
        int count = attachments.isArray() ? attachments.size() : 0;
        if (count > MAX_ATTACHMENTS) {
            throw ApiError.invalid("more than " + MAX_ATTACHMENTS + " attachments");
        }
        if (content.isEmpty() && count == 0) {
            throw ApiError.invalid("text and attachments are both empty");
        }
        for (int i = 0; i < count; i++) {
            checkAttachment(attachments.get(i));
        }
        return new MessageContent(content, attachments.isArray() ? attachments.deepCopy() : Json.array());
    }

    static void checkAttachment(JsonNode attachment) {
        String msgtype = attachment.path("msgtype").isString()
                ? attachment.path("msgtype").stringValue()
                : "";
        if (!MSGTYPES.contains(msgtype)) {
            throw new ApiError(ErrCode.INVALID_MSGTYPE, "attachment msgtype " + msgtype + " is not supported");
        }
        JsonNode body = attachment.path(msgtype);
        if (!body.isObject()) {
            throw ApiError.invalid("attachment of type " + msgtype + " lacks its " + msgtype + " object");
        }
        boolean complete =
                switch (msgtype) {
                    case "image" -> body.hasNonNull("media_id") || body.hasNonNull("pic_url");
                    case "link" -> body.hasNonNull("title") && body.hasNonNull("url");
                    case "miniprogram" ->
                        body.hasNonNull("title")
                                && body.hasNonNull("pic_media_id")
                                && body.hasNonNull("appid")
                                && body.hasNonNull("page");
                    default -> body.hasNonNull("media_id");
                };
        if (!complete) {
            throw ApiError.invalid("attachment of type " + msgtype + " misses a required field");
        }
    }
}
