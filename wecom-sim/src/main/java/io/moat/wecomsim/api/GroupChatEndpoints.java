package io.moat.wecomsim.api;

import static io.moat.wecomsim.api.ApiEndpoints.emptyArrays;

import io.moat.wecomsim.groups.GroupChat;
import io.moat.wecomsim.groups.GroupMember;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.world.CorpState;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Reading customer groups: the list (cursor-paged) and one group with its members. */
final class GroupChatEndpoints {

    static final int MAX_LIMIT = 1000;
    static final int MAX_OWNERS = 100;
    /** Without owner_filter the list is refused (81017) when the app sees more members than this. */
    static final int MAX_UNFILTERED_MEMBERS = 1000;

    private GroupChatEndpoints() {}

    static void register(ApiEndpoints endpoints) {
        endpoints.post(
                "/cgi-bin/externalcontact/groupchat/list",
                emptyArrays("group_chat_list").put("next_cursor", ""),
                GroupChatEndpoints::list);
        endpoints.post("/cgi-bin/externalcontact/groupchat/get", Json.object(), GroupChatEndpoints::get);
    }

    /**
     * limit is required (1–1000). status_filter 0 is every group; 1 groups whose owner resigned, 3 groups inherited
     * from a resigned owner (2, inheritance in progress, never lasts in the simulator). Dismissed groups are gone.
     */
    private static ObjectNode list(ApiRequest request) {
        long limit = request.number("limit", 0);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiError.invalid("limit is required and must be within 1.." + MAX_LIMIT);
        }
        long status = request.number("status_filter", 0);
        if (status < 0 || status > 3) {
            throw ApiError.invalid("status_filter must be within 0..3");
        }
        JsonNode ownerFilter = request.body().path("owner_filter");
        List<String> owners = ownerFilter.isObject() ? ApiRequest.texts(ownerFilter, "userid_list") : List.of();
        if (owners.size() > MAX_OWNERS) {
            throw ApiError.invalid("owner_filter.userid_list holds more than " + MAX_OWNERS + " members");
        }
        long visible = request.corp()
                .knobs()
                .visibleMembers()
                .orElse(request.corp().directory().allStaff().size());
        if (owners.isEmpty() && visible > MAX_UNFILTERED_MEMBERS) {
            throw new ApiError(
                    ErrCode.TOO_MANY_REQUESTED, visible + " visible members: owner_filter is required above 1000");
        }
        long after = PageCursor.afterSeq(request.text("cursor"));
        List<GroupChat> page = request.corp().groups().allLive().stream()
                .filter(c -> c.seq() > after)
                .filter(c -> status == 0 || statusOf(request.corp(), c) == status)
                .filter(c -> owners.isEmpty() || owners.contains(c.owner()))
                .limit(limit + 1)
                .toList();
        ObjectNode answer = Json.object();
        ArrayNode chats = answer.putArray("group_chat_list");
        page.stream()
                .limit(limit)
                .forEach(c -> chats.addObject().put("chat_id", c.chatId()).put("status", statusOf(request.corp(), c)));
        String next =
                page.size() > limit ? PageCursor.ofSeq(page.get((int) limit - 1).seq()) : "";
        return answer.put("next_cursor", next);
    }

    private static int statusOf(CorpState corp, GroupChat chat) {
        return corp.groupInheritance().statusOf(chat, corp.resignations());
    }

    private static ObjectNode get(ApiRequest request) {
        CorpState corp = request.corp();
        String chatId = request.requiredText("chat_id");
        GroupChat chat = corp.groups().live(chatId).orElseThrow(() -> ApiError.invalid("no customer group " + chatId));
        boolean withNames = request.number("need_name", 0) == 1;
        ObjectNode json = Json.object()
                .put("chat_id", chat.chatId())
                .put("name", chat.name())
                .put("owner", chat.owner())
                .put("create_time", chat.createTime())
                .put("notice", chat.notice());
        ArrayNode members = json.putArray("member_list");
        for (GroupMember member : chat.members()) {
            members.add(memberJson(member, withNames));
        }
        ArrayNode admins = json.putArray("admin_list");
        chat.admins().forEach(a -> admins.addObject().put("userid", a));
        json.put("member_version", chat.memberVersion());
        return Json.object().set("group_chat", json);
    }

    private static ObjectNode memberJson(GroupMember member, boolean withName) {
        ObjectNode json = Json.object().put("userid", member.userid()).put("type", member.type());
        if (!member.unionid().isEmpty()) {
            json.put("unionid", member.unionid());
        }
        json.put("join_time", member.joinTime()).put("join_scene", member.joinScene());
        if (!member.invitor().isEmpty()) {
            json.putObject("invitor").put("userid", member.invitor());
        }
        json.put("group_nickname", member.groupNickname());
        if (withName) {
            json.put("name", member.name());
        }
        if (!member.state().isEmpty()) {
            json.put("state", member.state());
        }
        return json;
    }
}
