package io.moat.wecomsim.api;

import static io.moat.wecomsim.api.ApiEndpoints.emptyArrays;

import io.moat.wecomsim.contacts.ContactWay;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.world.CorpState;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** 「联系我」 contact ways: the QR codes whose {@code state} attributes each new customer to a channel. */
final class ContactWayEndpoints {

    static final int MAX_STATE = 30;
    static final int MAX_REMARK = 30;
    static final int DEFAULT_LIST_LIMIT = 100;
    static final int MAX_LIST_LIMIT = 1000;
    static final Duration DEFAULT_LIST_SPAN = Duration.ofDays(90);

    /** Request fields kept and returned as given, without behaviour in the simulator. */
    private static final List<String> EXTRAS =
            List.of("style", "is_temp", "expires_in", "chat_expires_in", "unionid", "is_exclusive", "conclusions");

    private ContactWayEndpoints() {}

    static void register(ApiEndpoints endpoints) {
        endpoints.post("/cgi-bin/externalcontact/add_contact_way", Json.object(), ContactWayEndpoints::add);
        endpoints.post("/cgi-bin/externalcontact/get_contact_way", Json.object(), ContactWayEndpoints::get);
        endpoints.post("/cgi-bin/externalcontact/update_contact_way", Json.object(), ContactWayEndpoints::update);
        endpoints.post("/cgi-bin/externalcontact/del_contact_way", Json.object(), ContactWayEndpoints::delete);
        endpoints.post(
                "/cgi-bin/externalcontact/list_contact_way",
                emptyArrays("contact_way").put("next_cursor", ""),
                ContactWayEndpoints::list);
    }

    private static ObjectNode add(ApiRequest request) {
        CorpState corp = request.corp();
        int type = (int) request.number("type", 0);
        int scene = (int) request.number("scene", 0);
        if (type != ContactWay.SINGLE && type != ContactWay.MULTI) {
            throw ApiError.invalid("type must be 1 or 2");
        }
        if (scene != 1 && scene != ContactWay.SCENE_QR_CODE) {
            throw ApiError.invalid("scene must be 1 or 2");
        }
        // Everything is checked before ids are minted, so a refused call leaves the id sequence untouched.
        ContactWay draft = ContactWayRules.validated(
                corp,
                new ContactWay(
                        "",
                        type,
                        scene,
                        CustomerEndpoints.limited(request.text("remark"), "remark", MAX_REMARK),
                        request.flag("skip_verify", true),
                        CustomerEndpoints.limited(request.text("state"), "state", MAX_STATE),
                        request.texts("user"),
                        type == ContactWay.MULTI ? request.numbers("party") : List.of(),
                        "",
                        corp.epochSecond(),
                        extras(request.body(), Json.object())));
        ContactWay way = new ContactWay(
                corp.ids().configId(),
                type,
                scene,
                draft.remark(),
                draft.skipVerify(),
                draft.state(),
                draft.users(),
                draft.parties(),
                scene == ContactWay.SCENE_QR_CODE ? corp.ids().qrCodeUrl() : "",
                draft.createTime(),
                draft.extras());
        corp.contactWays().put(way, type == ContactWay.MULTI ? corp.ids().rotationStart(1 << 16) : 0);
        ObjectNode answer = Json.object().put("config_id", way.configId());
        if (!way.qrCode().isEmpty()) {
            answer.put("qr_code", way.qrCode());
        }
        return answer;
    }

    private static ObjectNode get(ApiRequest request) {
        ContactWay way = existing(request);
        ObjectNode json = Json.object()
                .put("config_id", way.configId())
                .put("type", way.type())
                .put("scene", way.scene())
                .put("remark", way.remark())
                .put("skip_verify", way.skipVerify())
                .put("state", way.state());
        if (!way.qrCode().isEmpty()) {
            json.put("qr_code", way.qrCode());
        }
        ArrayNode users = json.putArray("user");
        way.users().forEach(users::add);
        ArrayNode parties = json.putArray("party");
        way.parties().forEach(parties::add);
        json.setAll(way.extras().deepCopy());
        if (!json.has("is_temp")) {
            json.put("is_temp", false);
        }
        return Json.object().set("contact_way", json);
    }

    /** remark, user, party and state are overwritten when present; the rest stays. */
    private static ObjectNode update(ApiRequest request) {
        CorpState corp = request.corp();
        ContactWay old = existing(request);
        ContactWay updated = new ContactWay(
                old.configId(),
                old.type(),
                old.scene(),
                request.has("remark")
                        ? CustomerEndpoints.limited(request.text("remark"), "remark", MAX_REMARK)
                        : old.remark(),
                request.flag("skip_verify", old.skipVerify()),
                request.has("state")
                        ? CustomerEndpoints.limited(request.text("state"), "state", MAX_STATE)
                        : old.state(),
                request.has("user") ? request.texts("user") : old.users(),
                old.type() == ContactWay.MULTI && request.has("party") ? request.numbers("party") : old.parties(),
                old.qrCode(),
                old.createTime(),
                extras(request.body(), old.extras().deepCopy()));
        corp.contactWays().put(ContactWayRules.validated(corp, updated), 0);
        return Json.object();
    }

    private static ObjectNode delete(ApiRequest request) {
        ContactWay way = existing(request);
        request.corp().contactWays().remove(way.configId());
        return Json.object();
    }

    /** Config ids created within [start_time, end_time] (default: the last 90 days), oldest first. */
    private static ObjectNode list(ApiRequest request) {
        CorpState corp = request.corp();
        long now = corp.epochSecond();
        long start = request.number("start_time", now - DEFAULT_LIST_SPAN.toSeconds());
        long end = request.number("end_time", now);
        long limit = request.number("limit", DEFAULT_LIST_LIMIT);
        if (limit <= 0 || limit > MAX_LIST_LIMIT) {
            throw ApiError.invalid("limit must be within 1.." + MAX_LIST_LIMIT);
        }
        List<ContactWay> all = corp.contactWays().all();
        String cursor = request.text("cursor");
        String after = cursor.isEmpty() ? "" : PageCursor.decode(cursor);
        int from = 0;
        if (!after.isEmpty()) {
            from = indexOf(all, after) + 1;
            if (from == 0) {
                throw ApiError.invalid("cursor names a contact way that no longer exists");
            }
        }
        List<ContactWay> matching = all.subList(from, all.size()).stream()
                .filter(w -> w.createTime() >= start && w.createTime() <= end)
                .limit(limit + 1)
                .toList();
        ObjectNode answer = Json.object();
        ArrayNode ways = answer.putArray("contact_way");
        matching.stream().limit(limit).forEach(w -> ways.addObject().put("config_id", w.configId()));
        String next = matching.size() > limit
                ? PageCursor.encode(matching.get((int) limit - 1).configId())
                : "";
        return answer.put("next_cursor", next);
    }

    private static int indexOf(List<ContactWay> ways, String configId) {
        for (int i = 0; i < ways.size(); i++) {
            if (ways.get(i).configId().equals(configId)) {
                return i;
            }
        }
        return -1;
    }

    private static ContactWay existing(ApiRequest request) {
        String configId = request.requiredText("config_id");
        return request.corp()
                .contactWays()
                .find(configId)
                .orElseThrow(() -> ApiError.invalid("no contact way " + configId));
    }

    private static ObjectNode extras(JsonNode body, ObjectNode into) {
        for (String field : EXTRAS) {
            JsonNode value = body.get(field);
            if (value != null && !value.isNull()) {
                into.set(field, value.deepCopy());
            }
        }
        return into;
    }
}
