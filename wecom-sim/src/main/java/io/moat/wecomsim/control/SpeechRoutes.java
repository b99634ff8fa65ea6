package io.moat.wecomsim.control;

import io.moat.wecomsim.archive.ArchivedMessage;
import io.moat.wecomsim.groups.GroupChat;
import io.moat.wecomsim.groups.GroupMember;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.world.CorpState;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * People talking: in groups and one to one. Everything said lands in the session archive, which the msgaudit feed
 * serves in the decrypted GetChatData shape, standing in for WeCom's native SDK (wecom-api.md §9).
 */
public final class SpeechRoutes implements ControlRoute.Group {

    static final int MAX_FEED_LIMIT = 1000;
    /** The Finance SDK's "invalid parameter" code. */
    static final int SDK_INVALID_PARAMETER = 10000;

    @Override
    public void register(ControlRoutes routes) {
        routes.post("/sim/corps/{corpId}/groups/{chatId}/say", this::groupSay);
        routes.post("/sim/corps/{corpId}/customers/{externalUserId}/say", this::customerSays);
        routes.post("/sim/corps/{corpId}/staff/{userid}/say", this::staffSays);
        routes.get("/sim/corps/{corpId}/msgaudit", this::feed);
    }

    /** Body {@code {"from": member or customer id, "msgtype": "text", "content"}}; the sender must be in the group. */
    private ControlAnswer groupSay(ControlRequest request) {
        CorpState corp = request.corp();
        String from = request.requiredText("from");
        String content = content(request);
        synchronized (corp) {
            GroupChat chat = corp.groups()
                    .live(request.var("chatId"))
                    .orElseThrow(() -> ControlError.notFound("no live group " + request.var("chatId")));
            if (!chat.hasMember(from)) {
                throw ControlError.badRequest(from + " is not a member of " + chat.chatId());
            }
            List<String> to = chat.members().stream()
                    .map(GroupMember::userid)
                    .filter(id -> !id.equals(from))
                    .toList();
            return ControlAnswer.ok(said(corp.archive().send(from, to, chat.chatId(), content, corp.now())));
        }
    }

    /** A customer writes to a member they follow: body {@code {"to": userid, "content"}}. */
    private ControlAnswer customerSays(ControlRequest request) {
        CorpState corp = request.corp();
        String externalUserId = request.var("externalUserId");
        String to = request.requiredText("to");
        String content = content(request);
        synchronized (corp) {
            requireRelation(corp, to, externalUserId);
            return ControlAnswer.ok(said(corp.archive().send(externalUserId, List.of(to), "", content, corp.now())));
        }
    }

    /** A member writes to one of their customers: body {@code {"to": external_userid, "content"}}. */
    private ControlAnswer staffSays(ControlRequest request) {
        CorpState corp = request.corp();
        String userid = request.var("userid");
        String to = request.requiredText("to");
        String content = content(request);
        synchronized (corp) {
            requireRelation(corp, userid, to);
            return ControlAnswer.ok(said(corp.archive().send(userid, List.of(to), "", content, corp.now())));
        }
    }

    /**
     * {@code ?seq=N&limit=M}: messages after seq N in seq order, at most M (default and maximum 1000). Exactly the
     * fields of a decrypted chatdata entry.
     */
    private ControlAnswer feed(ControlRequest request) {
        CorpState corp = request.corp();
        long seq;
        int limit;
        try {
            seq = Long.parseLong(request.queryOr("seq", "0"));
            limit = Integer.parseInt(request.queryOr("limit", Integer.toString(MAX_FEED_LIMIT)));
        } catch (NumberFormatException e) {
            return sdkError("seq and limit must be integers");
        }
        if (limit < 1 || limit > MAX_FEED_LIMIT || seq < 0) {
            return sdkError("limit must be within 1.." + MAX_FEED_LIMIT + " and seq not negative");
        }
        List<ArchivedMessage> page;
        synchronized (corp) {
            page = corp.archive().after(seq, limit);
        }
        ObjectNode answer = Json.object().put("errcode", 0);
        ArrayNode chatdata = answer.putArray("chatdata");
        for (ArchivedMessage message : page) {
            ObjectNode item = chatdata.addObject()
                    .put("seq", message.seq())
                    .put("msgid", message.msgid())
                    .put("action", message.action())
                    .put("from", message.from());
            message.tolist().forEach(item.putArray("tolist")::add);
            item.put("roomid", message.roomid())
                    .put("msgtime", message.msgtime())
                    .put("msgtype", message.msgtype());
            item.putObject("text").put("content", message.content());
        }
        return ControlAnswer.ok(answer);
    }

    private static ControlAnswer sdkError(String message) {
        ObjectNode answer = Json.object().put("errcode", SDK_INVALID_PARAMETER).put("errmsg", message);
        answer.putArray("chatdata");
        return ControlAnswer.ok(answer);
    }

    private static String content(ControlRequest request) {
        String msgtype = request.text("msgtype").orElse("text");
        if (!msgtype.equals("text")) {
            throw ControlError.badRequest("only msgtype text can be said");
        }
        return request.requiredText("content");
    }

    private static void requireRelation(CorpState corp, String userid, String externalUserId) {
        corp.customers()
                .customer(externalUserId)
                .orElseThrow(() -> ControlError.notFound("no customer " + externalUserId));
        corp.customers()
                .relation(userid, externalUserId)
                .orElseThrow(() -> ControlError.conflict(userid + " does not follow " + externalUserId));
    }

    private static ObjectNode said(ArchivedMessage message) {
        return Json.object()
                .put("seq", message.seq())
                .put("msgid", message.msgid())
                .put("msgtime", message.msgtime());
    }
}
