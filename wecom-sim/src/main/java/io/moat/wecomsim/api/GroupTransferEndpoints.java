package io.moat.wecomsim.api;

import static io.moat.wecomsim.api.ApiEndpoints.emptyArrays;

import io.moat.wecomsim.callbacks.CallbackEvent;
import io.moat.wecomsim.contacts.Staff;
import io.moat.wecomsim.groups.GroupChange;
import io.moat.wecomsim.groups.GroupChat;
import io.moat.wecomsim.groups.GroupMember;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.transfer.GroupInheritance;
import io.moat.wecomsim.world.CorpState;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Giving customer groups a new owner (wecom-api.md §7): groupchat/transfer for groups of resigned owners,
 * groupchat/onjob_transfer for current ones. Failures are per group in failed_chat_list. Unlike customer handovers
 * these take effect at once and push change_external_chat update/change_owner (after add_member when the new owner
 * was not in the group).
 */
final class GroupTransferEndpoints {

    static final int MAX_CHATS = 100;

    private GroupTransferEndpoints() {}

    static void register(ApiEndpoints endpoints) {
        endpoints.post(
                "/cgi-bin/externalcontact/groupchat/transfer",
                emptyArrays("failed_chat_list"),
                request -> transfer(request, false));
        endpoints.post(
                "/cgi-bin/externalcontact/groupchat/onjob_transfer",
                emptyArrays("failed_chat_list"),
                request -> transfer(request, true));
    }

    private static ObjectNode transfer(ApiRequest request, boolean onJob) {
        CorpState corp = request.corp();
        List<String> chatIds = List.copyOf(new LinkedHashSet<>(request.texts("chat_id_list")));
        if (chatIds.isEmpty() || chatIds.size() > MAX_CHATS) {
            throw ApiError.invalid("chat_id_list must hold 1.." + MAX_CHATS + " groups");
        }
        String newOwnerId = request.requiredText("new_owner");
        Staff newOwner = corp.directory()
                .staff(newOwnerId)
                .orElseThrow(() -> new ApiError(ErrCode.INVALID_USERID, "no member " + newOwnerId));
        if (!newOwner.active()) {
            throw new ApiError(ErrCode.USER_NOT_ACTIVE, newOwnerId + " is not active");
        }
        ObjectNode answer = Json.object();
        ArrayNode failed = answer.putArray("failed_chat_list");
        for (String chatId : chatIds) {
            Optional<GroupChat> chat = corp.groups().live(chatId);
            int errcode = chat.map(c -> refusal(corp, c, newOwnerId, onJob)).orElse(ErrCode.NOT_CUSTOMER_GROUP.code());
            if (errcode != 0) {
                failed.addObject()
                        .put("chat_id", chatId)
                        .put("errcode", errcode)
                        .put("errmsg", ErrCode.textOf(errcode));
                continue;
            }
            GroupInheritance quotas = corp.groupInheritance();
            if (onJob) {
                quotas.transferredOnJob(chatId, chat.get().owner(), corp.now());
            } else {
                quotas.inherited(chatId, chat.get().owner(), corp.now());
            }
            changeOwner(corp, chat.get(), newOwner);
        }
        return answer;
    }

    private static int refusal(CorpState corp, GroupChat chat, String newOwner, boolean onJob) {
        boolean ownerLeft = corp.resignations().resigned(chat.owner());
        GroupInheritance quotas = corp.groupInheritance();
        if (onJob) {
            if (ownerLeft) {
                return ErrCode.OWNER_RESIGNED.code();
            }
            if (chat.owner().equals(newOwner)) {
                return ErrCode.OWNER_UNCHANGED.code();
            }
            if (!quotas.onJobQuotaLeft(chat.chatId(), corp.now())) {
                return ErrCode.TRANSFER_TOO_OFTEN.code();
            }
        } else if (!ownerLeft) {
            return quotas.wasInherited(chat.chatId())
                    ? ErrCode.GROUP_INHERITED.code()
                    : ErrCode.OWNER_NOT_RESIGNED.code();
        }
        return quotas.dailyQuotaLeft(chat.owner(), corp.now()) ? 0 : ErrCode.FREQ_OUT_OF_LIMIT.code();
    }

    private static void changeOwner(CorpState corp, GroupChat chat, Staff newOwner) {
        if (!chat.hasMember(newOwner.userid())) {
            String last = chat.memberVersion();
            GroupMember member = new GroupMember(
                    newOwner.userid(),
                    GroupMember.STAFF,
                    "",
                    corp.epochSecond(),
                    1,
                    chat.owner(),
                    "",
                    newOwner.name(),
                    "");
            List<String> added = chat.join(List.of(member), corp.ids().memberVersion());
            corp.groups().record(new GroupChange(corp.now(), chat.chatId(), GroupChange.Kind.JOINED, added));
            corp.emit(CallbackEvent.membersJoined(chat.chatId(), 0, added, last, chat.memberVersion()));
        }
        chat.changeOwner(newOwner.userid());
        corp.groups()
                .record(new GroupChange(
                        corp.now(), chat.chatId(), GroupChange.Kind.OWNER_CHANGED, List.of(newOwner.userid())));
        corp.emit(CallbackEvent.chatUpdated(chat.chatId(), "change_owner"));
    }
}
