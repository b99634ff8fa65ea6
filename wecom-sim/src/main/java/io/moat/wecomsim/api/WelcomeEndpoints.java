package io.moat.wecomsim.api;

import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.welcome.Delivery;
import io.moat.wecomsim.welcome.WelcomeCode;
import io.moat.wecomsim.world.CorpState;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code send_welcome_msg}: spends the welcome code of an add event (once, within 20 s of simulated time) and
 * delivers text and attachments to the virtual customer, where the deliveries record shows them.
 */
final class WelcomeEndpoints {

    static final int MAX_TEXT_BYTES = 4000;
    static final int MAX_ATTACHMENTS = 9;
    static final Set<String> MSGTYPES = Set.of("image", "link", "miniprogram", "video", "file");

    private WelcomeEndpoints() {}

    static void register(ApiEndpoints endpoints) {
        endpoints.post("/cgi-bin/externalcontact/send_welcome_msg", Json.object(), WelcomeEndpoints::send);
    }

    /** The message is checked before the code, so a malformed request does not burn the customer's only code. */
    private static ObjectNode send(ApiRequest request) {
        CorpState corp = request.corp();
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
        String code = request.text("welcome_code");
        WelcomeCode welcome = corp.welcomeCodes()
                .find(code)
                .orElseThrow(() -> new ApiError(ErrCode.INVALID_WELCOME_CODE, "unknown welcome_code"));
        if (welcome.used()) {
            throw new ApiError(ErrCode.ALREADY_CHATTING, "welcome_code already used");
        }
        if (welcome.expiredAt(corp.now())) {
            throw new ApiError(ErrCode.INVALID_WELCOME_CODE, "welcome_code older than 20 s");
        }
        corp.welcomeCodes().spend(welcome);
        corp.deliveries()
                .record(new Delivery(
                        corp.deliveries().nextSeq(),
                        "welcome_msg",
                        welcome.userid(),
                        welcome.externalUserId(),
                        "",
                        content,
                        attachments.isArray() ? attachments.deepCopy() : Json.array(),
                        corp.now()));
        return Json.object();
    }

    private static void checkAttachment(JsonNode attachment) {
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
