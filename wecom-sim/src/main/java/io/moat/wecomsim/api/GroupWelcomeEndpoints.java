package io.moat.wecomsim.api;

import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.welcome.GroupWelcomeTemplate;
import io.moat.wecomsim.world.CorpState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Group welcome templates (入群欢迎语素材, wecom-api.md §4): text ≤3000 bytes and at most one of image, link,
 * miniprogram, file or video. edit overwrites the fields it is given.
 */
final class GroupWelcomeEndpoints {

    static final int MAX_TEXT_BYTES = 3000;
    static final List<String> ATTACHMENTS = List.of("image", "link", "miniprogram", "file", "video");

    private GroupWelcomeEndpoints() {}

    static void register(ApiEndpoints endpoints) {
        String base = "/cgi-bin/externalcontact/group_welcome_template/";
        endpoints.post(base + "add", Json.object(), GroupWelcomeEndpoints::add);
        endpoints.post(base + "edit", Json.object(), GroupWelcomeEndpoints::edit);
        endpoints.post(base + "get", Json.object(), GroupWelcomeEndpoints::get);
        endpoints.post(base + "del", Json.object(), GroupWelcomeEndpoints::delete);
    }

    private static ObjectNode add(ApiRequest request) {
        CorpState corp = request.corp();
        String text = text(request, "");
        ObjectNode attachment = attachment(request, Json.object());
        if (text.isEmpty() && attachment.isEmpty()) {
            throw ApiError.invalid("text and attachment are both empty");
        }
        String templateId = corp.ids().msgid();
        corp.groupWelcomeTemplates()
                .put(new GroupWelcomeTemplate(templateId, text, attachment, request.number("notify", 1) == 1));
        return Json.object().put("template_id", templateId);
    }

    private static ObjectNode edit(ApiRequest request) {
        GroupWelcomeTemplate old = existing(request);
        String text = text(request, old.text());
        ObjectNode attachment = attachment(request, old.attachment());
        request.corp()
                .groupWelcomeTemplates()
                .put(new GroupWelcomeTemplate(old.templateId(), text, attachment, old.notifyMembers()));
        return Json.object();
    }

    private static ObjectNode get(ApiRequest request) {
        GroupWelcomeTemplate template = existing(request);
        ObjectNode answer = Json.object();
        answer.putObject("text").put("content", template.text());
        answer.setAll(template.attachment().deepCopy());
        return answer;
    }

    private static ObjectNode delete(ApiRequest request) {
        request.corp().groupWelcomeTemplates().remove(existing(request).templateId());
        return Json.object();
    }

    private static GroupWelcomeTemplate existing(ApiRequest request) {
        String templateId = request.requiredText("template_id");
        return request.corp()
                .groupWelcomeTemplates()
                .find(templateId)
                .orElseThrow(() -> ApiError.invalid("no group welcome template " + templateId));
    }

    private static String text(ApiRequest request, String fallback) {
        JsonNode text = request.body().path("text");
        if (text.isMissingNode() || text.isNull()) {
            return fallback;
        }
        String content = text.path("content").isString() ? text.path("content").stringValue() : "";
        if (content.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            throw ApiError.invalid("text.content is longer than " + MAX_TEXT_BYTES + " bytes");
        }
        return content;
    }

    /** The single attachment given, checked as a welcome-message attachment; the old one when none is given. */
    private static ObjectNode attachment(ApiRequest request, ObjectNode fallback) {
        List<String> given = ATTACHMENTS.stream().filter(request::has).toList();
        if (given.isEmpty()) {
            return fallback;
        }
        if (given.size() > 1) {
            throw ApiError.invalid("at most one attachment, got " + given);
        }
        String type = given.getFirst();
        MessageContent.checkAttachment(
                Json.object().put("msgtype", type).set(type, request.body().get(type)));
        return Json.object().set(type, request.body().get(type).deepCopy());
    }
}
