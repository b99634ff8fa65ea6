package io.moat.wecomsim.api;

import io.moat.wecomsim.groups.JoinWay;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.world.CorpState;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** 「加入群聊」 join ways (wecom-api.md §6): add, get, update (overwrites every field), delete. */
final class JoinWayEndpoints {

    static final int MAX_CHATS = 5;
    static final int MAX_STATE = 30;
    static final int MAX_REMARK = 30;
    static final int MAX_ROOM_NAME = 40;

    private JoinWayEndpoints() {}

    static void register(ApiEndpoints endpoints) {
        endpoints.post("/cgi-bin/externalcontact/groupchat/add_join_way", Json.object(), JoinWayEndpoints::add);
        endpoints.post("/cgi-bin/externalcontact/groupchat/get_join_way", Json.object(), JoinWayEndpoints::get);
        endpoints.post("/cgi-bin/externalcontact/groupchat/update_join_way", Json.object(), JoinWayEndpoints::update);
        endpoints.post("/cgi-bin/externalcontact/groupchat/del_join_way", Json.object(), JoinWayEndpoints::delete);
    }

    private static ObjectNode add(ApiRequest request) {
        CorpState corp = request.corp();
        JoinWay draft = read(request, "", "");
        String configId = corp.ids().configId();
        String qrCode = draft.scene() == JoinWay.SCENE_QR_CODE ? corp.ids().qrCodeUrl() : "";
        corp.joinWays().put(read(request, configId, qrCode));
        return Json.object().put("config_id", configId);
    }

    private static ObjectNode update(ApiRequest request) {
        CorpState corp = request.corp();
        JoinWay old = existing(request);
        JoinWay updated = read(request, old.configId(), "");
        String qrCode = updated.scene() != JoinWay.SCENE_QR_CODE
                ? ""
                : old.qrCode().isEmpty() ? corp.ids().qrCodeUrl() : old.qrCode();
        corp.joinWays().put(read(request, old.configId(), qrCode));
        return Json.object();
    }

    private static ObjectNode get(ApiRequest request) {
        JoinWay way = existing(request);
        ObjectNode json = Json.object()
                .put("config_id", way.configId())
                .put("scene", way.scene())
                .put("remark", way.remark())
                .put("auto_create_room", way.autoCreateRoom() ? 1 : 0)
                .put("room_base_name", way.roomBaseName())
                .put("room_base_id", way.roomBaseId());
        way.chatIds().forEach(json.putArray("chat_id_list")::add);
        if (!way.qrCode().isEmpty()) {
            json.put("qr_code", way.qrCode());
        }
        json.put("state", way.state()).put("mark_source", way.markSource());
        return Json.object().set("join_way", json);
    }

    private static ObjectNode delete(ApiRequest request) {
        request.corp().joinWays().remove(existing(request).configId());
        return Json.object();
    }

    private static JoinWay existing(ApiRequest request) {
        String configId = request.requiredText("config_id");
        return request.corp().joinWays().find(configId).orElseThrow(() -> ApiError.invalid("no join way " + configId));
    }

    /** remark is cut at 30 characters, as the doc says; state and room_base_name are refused when too long. */
    private static JoinWay read(ApiRequest request, String configId, String qrCode) {
        int scene = (int) request.number("scene", 0);
        if (scene != 1 && scene != JoinWay.SCENE_QR_CODE) {
            throw ApiError.invalid("scene must be 1 or 2");
        }
        List<String> chats = request.texts("chat_id_list");
        if (chats.isEmpty() || chats.size() > MAX_CHATS) {
            throw ApiError.invalid("chat_id_list must hold 1.." + MAX_CHATS + " groups");
        }
        for (String chatId : chats) {
            request.corp().groups().live(chatId).orElseThrow(() -> ApiError.invalid("no customer group " + chatId));
        }
        String remark = request.text("remark");
        if (ApiRequest.characters(remark) > MAX_REMARK) {
            remark = remark.substring(0, remark.offsetByCodePoints(0, MAX_REMARK));
        }
        return new JoinWay(
                configId,
                scene,
                remark,
                request.number("auto_create_room", 1) == 1,
                CustomerEndpoints.limited(request.text("room_base_name"), "room_base_name", MAX_ROOM_NAME),
                request.number("room_base_id", 0),
                chats,
                CustomerEndpoints.limited(request.text("state"), "state", MAX_STATE),
                request.flag("mark_source", false),
                qrCode);
    }
}
