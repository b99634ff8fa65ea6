package io.moat.wecomsim.control;

import io.moat.wecomsim.groups.GroupChat;
import io.moat.wecomsim.groups.GroupMember;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.world.CorpState;
import java.util.List;

/**
 * The owner setting a group's admins (「群管理员」) in the WeCom client: up to three corp members of the group other
 * than the owner. WeCom pushes no change_external_chat for it, so it shows only in groupchat/get's admin_list.
 */
public final class GroupAdminRoutes implements ControlRoute.Group {

    static final int MAX_ADMINS = 3;

    @Override
    public void register(ControlRoutes routes) {
        routes.post("/sim/corps/{corpId}/groups/{chatId}/admins", this::set);
    }

    /** Body {@code {"userIds":[…]}}, the whole new list (empty clears it). */
    private ControlAnswer set(ControlRequest request) {
        CorpState corp = request.corp();
        List<String> userIds = request.texts("userIds");
        if (userIds.size() > MAX_ADMINS) {
            throw ControlError.badRequest("a group has at most " + MAX_ADMINS + " admins");
        }
        synchronized (corp) {
            GroupChat chat = corp.groups()
                    .live(request.var("chatId"))
                    .orElseThrow(() -> ControlError.notFound("no customer group " + request.var("chatId")));
            for (String userId : userIds) {
                boolean staffMember = chat.members().stream()
                        .anyMatch(m -> m.userid().equals(userId) && m.type() == GroupMember.STAFF);
                if (!staffMember || userId.equals(chat.owner())) {
                    throw ControlError.badRequest(userId + " is not a corp member of the group other than its owner");
                }
            }
            chat.setAdmins(userIds);
            var answer = Json.object().put("chatId", chat.chatId());
            chat.admins().forEach(answer.putArray("admins")::add);
            return ControlAnswer.ok(answer);
        }
    }
}
