package io.moat.wecomsim.control;

import io.moat.wecomsim.callbacks.CallbackEvent;
import io.moat.wecomsim.contacts.Staff;
import io.moat.wecomsim.groups.GroupChange;
import io.moat.wecomsim.groups.GroupChat;
import io.moat.wecomsim.groups.GroupMember;
import io.moat.wecomsim.groups.JoinWay;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.world.CorpState;
import java.util.List;
import java.util.Optional;

/** A customer scanning a group join way's QR code. */
public final class JoinWayRoutes implements ControlRoute.Group {

    /** join_scene of a member who scanned a group QR code. */
    static final int SCANNED = 3;

    @Override
    public void register(ControlRoutes routes) {
        routes.post("/sim/corps/{corpId}/join-ways/{configId}/scan", this::scan);
    }

    /**
     * Body {@code {"externalUserId"}}. The customer joins the first live group of the way with room left (500
     * members), with join_scene 3 and the way's state, and update/add_member is pushed. When all are full, a way
     * with auto_create_room opens a new group (owner: the last group's owner), else 409.
     */
    private ControlAnswer scan(ControlRequest request) {
        CorpState corp = request.corp();
        String externalUserId = request.requiredText("externalUserId");
        synchronized (corp) {
            JoinWay way = corp.joinWays()
                    .find(request.var("configId"))
                    .orElseThrow(() -> ControlError.notFound("no join way " + request.var("configId")));
            List<GroupChat> chats = way.chatIds().stream()
                    .map(id -> corp.groups().live(id))
                    .flatMap(Optional::stream)
                    .toList();
            Optional<GroupChat> already =
                    chats.stream().filter(c -> c.hasMember(externalUserId)).findFirst();
            if (already.isPresent()) {
                return ControlAnswer.ok(answer(already.get(), false).put("alreadyMember", true));
            }
            Optional<GroupChat> open = chats.stream().filter(c -> !c.full()).findFirst();
            boolean created = open.isEmpty();
            GroupChat chat = open.orElseGet(() -> newRoom(corp, way, chats));
            GroupMember member = GroupRoutes.externalMember(corp, externalUserId, SCANNED, "", way.state());
            String last = chat.memberVersion();
            List<String> added = chat.join(List.of(member), corp.ids().memberVersion());
            corp.groups().record(new GroupChange(corp.now(), chat.chatId(), GroupChange.Kind.JOINED, added));
            corp.emit(CallbackEvent.membersJoined(chat.chatId(), SCANNED, added, last, chat.memberVersion()));
            return ControlAnswer.ok(answer(chat, created).put("alreadyMember", false));
        }
    }

    private static GroupChat newRoom(CorpState corp, JoinWay way, List<GroupChat> chats) {
        if (!way.autoCreateRoom() || chats.isEmpty()) {
            throw ControlError.conflict("every group of join way " + way.configId() + " is full");
        }
        Staff owner = StaffRoutes.existing(corp, chats.getLast().owner());
        GroupChat chat = new GroupChat(
                corp.ids().chatId(),
                corp.groups().nextSeq(),
                owner.userid(),
                way.roomBaseName() + way.roomBaseId(),
                corp.epochSecond(),
                corp.ids().memberVersion());
        List<String> joined =
                chat.join(List.of(GroupRoutes.staffMember(owner, 1, "", corp.epochSecond())), chat.memberVersion());
        corp.groups().add(chat);
        corp.groups().record(new GroupChange(corp.now(), chat.chatId(), GroupChange.Kind.CREATED, joined));
        corp.emit(CallbackEvent.chat("create", chat.chatId(), List.of()));
        corp.joinWays().put(way.withRoom(chat.chatId()));
        return chat;
    }

    private static tools.jackson.databind.node.ObjectNode answer(GroupChat chat, boolean created) {
        return Json.object()
                .put("chatId", chat.chatId())
                .put("memberVersion", chat.memberVersion())
                .put("createdRoom", created);
    }
}
