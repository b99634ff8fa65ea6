package io.moat.wecomsim.control;

import io.moat.wecomsim.callbacks.CallbackEvent;
import io.moat.wecomsim.contacts.ExternalContact;
import io.moat.wecomsim.contacts.Staff;
import io.moat.wecomsim.groups.GroupChange;
import io.moat.wecomsim.groups.GroupChat;
import io.moat.wecomsim.groups.GroupMember;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.world.CorpState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** Customer groups living their life: created, joined, left, renamed, dismissed; each pushes change_external_chat. */
public final class GroupRoutes implements ControlRoute.Group {

    @Override
    public void register(ControlRoutes routes) {
        routes.post("/sim/corps/{corpId}/groups", this::create);
        routes.post("/sim/corps/{corpId}/groups/{chatId}/join", this::join);
        routes.post("/sim/corps/{corpId}/groups/{chatId}/quit", this::quit);
        routes.post("/sim/corps/{corpId}/groups/{chatId}/dismiss", this::dismiss);
        routes.post("/sim/corps/{corpId}/groups/{chatId}/rename", this::rename);
    }

    /** The owner and initial members count as directly invited (join_scene 1) at creation. */
    private ControlAnswer create(ControlRequest request) {
        CorpState corp = request.corp();
        String ownerId = request.requiredText("owner");
        String name = request.text("name").orElse("");
        synchronized (corp) {
            Staff owner = StaffRoutes.existing(corp, ownerId);
            List<GroupMember> members = new ArrayList<>();
            members.add(staffMember(owner, 1, "", corp.epochSecond()));
            for (String userid : request.texts("memberUserIds")) {
                members.add(staffMember(StaffRoutes.existing(corp, userid), 1, owner.userid(), corp.epochSecond()));
            }
            for (String externalUserId : request.texts("memberExternalUserIds")) {
                members.add(externalMember(corp, externalUserId, 1, owner.userid(), ""));
            }
            GroupChat chat = new GroupChat(
                    corp.ids().chatId(),
                    corp.groups().nextSeq(),
                    owner.userid(),
                    name,
                    corp.epochSecond(),
                    corp.ids().memberVersion());
            List<String> joined = chat.join(members, chat.memberVersion());
            corp.groups().add(chat);
            corp.groups().record(new GroupChange(corp.now(), chat.chatId(), GroupChange.Kind.CREATED, joined));
            corp.emit(CallbackEvent.chat("create", chat.chatId(), List.of()));
            return ControlAnswer.created(
                    Json.object().put("chatId", chat.chatId()).put("memberVersion", chat.memberVersion()));
        }
    }

    /**
     * joinScene is the member's join_scene (1 direct invitation, 2 invitation link, 3 QR code). The event's
     * JoinScene folds 1 and 2 into 0 ("invited by a member"), as WeCom's event does.
     */
    private ControlAnswer join(ControlRequest request) {
        CorpState corp = request.corp();
        int scene = request.number("joinScene").orElse(1L).intValue();
        if (scene < 1 || scene > 3) {
            throw ControlError.badRequest("joinScene must be 1, 2 or 3");
        }
        String state = request.text("state").orElse("");
        synchronized (corp) {
            GroupChat chat = chat(corp, request.var("chatId"));
            String invitor = request.text("invitor").orElse(chat.owner());
            List<GroupMember> joining = new ArrayList<>();
            for (String externalUserId : request.texts("externalUserIds")) {
                joining.add(externalMember(corp, externalUserId, scene, invitor, state));
            }
            for (String userid : request.texts("userIds")) {
                joining.add(staffMember(StaffRoutes.existing(corp, userid), scene, invitor, corp.epochSecond()));
            }
            if (joining.isEmpty()) {
                throw ControlError.badRequest("externalUserIds or userIds is required");
            }
            String last = chat.memberVersion();
            List<String> added = chat.join(joining, corp.ids().memberVersion());
            if (!added.isEmpty()) {
                corp.groups().record(new GroupChange(corp.now(), chat.chatId(), GroupChange.Kind.JOINED, added));
                corp.emit(CallbackEvent.membersJoined(
                        chat.chatId(), scene == 3 ? 3 : 0, added, last, chat.memberVersion()));
            }
            return ControlAnswer.ok(changeJson(chat, added));
        }
    }

    /** quitScene 0: left by themselves; 1: removed by the owner or an admin. The owner cannot leave. */
    private ControlAnswer quit(ControlRequest request) {
        CorpState corp = request.corp();
        int scene = request.number("quitScene").orElse(0L).intValue();
        if (scene != 0 && scene != 1) {
            throw ControlError.badRequest("quitScene must be 0 or 1");
        }
        synchronized (corp) {
            GroupChat chat = chat(corp, request.var("chatId"));
            List<String> leaving = new ArrayList<>(request.texts("externalUserIds"));
            leaving.addAll(request.texts("userIds"));
            if (leaving.isEmpty()) {
                throw ControlError.badRequest("externalUserIds or userIds is required");
            }
            if (leaving.contains(chat.owner())) {
                throw ControlError.badRequest("the owner cannot leave; dismiss the group instead");
            }
            String last = chat.memberVersion();
            List<String> removed = chat.quit(leaving, corp.ids().memberVersion());
            if (!removed.isEmpty()) {
                corp.groups().record(new GroupChange(corp.now(), chat.chatId(), GroupChange.Kind.QUIT, removed));
                corp.emit(CallbackEvent.membersQuit(chat.chatId(), scene, removed, last, chat.memberVersion()));
            }
            return ControlAnswer.ok(changeJson(chat, removed));
        }
    }

    private ControlAnswer dismiss(ControlRequest request) {
        CorpState corp = request.corp();
        synchronized (corp) {
            GroupChat chat = chat(corp, request.var("chatId"));
            chat.dismiss();
            corp.groups().record(new GroupChange(corp.now(), chat.chatId(), GroupChange.Kind.DISMISSED, List.of()));
            corp.emit(CallbackEvent.chat("dismiss", chat.chatId(), List.of()));
            return ControlAnswer.ok(Json.object().put("chatId", chat.chatId()).put("dismissed", true));
        }
    }

    private ControlAnswer rename(ControlRequest request) {
        CorpState corp = request.corp();
        String name = request.requiredText("name");
        synchronized (corp) {
            GroupChat chat = chat(corp, request.var("chatId"));
            chat.rename(name);
            corp.emit(CallbackEvent.chatUpdated(chat.chatId(), "change_name"));
            return ControlAnswer.ok(Json.object().put("chatId", chat.chatId()).put("name", name));
        }
    }

    private static GroupChat chat(CorpState corp, String chatId) {
        return corp.groups().live(chatId).orElseThrow(() -> ControlError.notFound("no live group " + chatId));
    }

    static GroupMember staffMember(Staff staff, int scene, String invitor, long joinTime) {
        return new GroupMember(staff.userid(), GroupMember.STAFF, "", joinTime, scene, invitor, "", staff.name(), "");
    }

    /** Anyone can be in a group; a customer of the corp brings their name and unionid. */
    static GroupMember externalMember(CorpState corp, String externalUserId, int scene, String invitor, String state) {
        Optional<ExternalContact> customer = corp.customers().customer(externalUserId);
        return new GroupMember(
                externalUserId,
                GroupMember.EXTERNAL,
                customer.map(ExternalContact::unionid).orElse(""),
                corp.epochSecond(),
                scene,
                invitor,
                "",
                customer.map(ExternalContact::name).orElse(""),
                state);
    }

    private static ObjectNode changeJson(GroupChat chat, List<String> changed) {
        ObjectNode json = Json.object().put("chatId", chat.chatId());
        changed.forEach(json.putArray("changed")::add);
        return json.put("memberVersion", chat.memberVersion());
    }
}
