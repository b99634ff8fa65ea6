package io.moat.wecomsim.control;

import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.mass.MassDispatch;
import io.moat.wecomsim.mass.MassMessage;
import io.moat.wecomsim.mass.MassRecipient;
import io.moat.wecomsim.mass.MassTask;
import io.moat.wecomsim.world.CorpState;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A member confirming a mass message in the WeCom client, on the test's command. */
public final class MassRoutes implements ControlRoute.Group {

    @Override
    public void register(ControlRoutes routes) {
        routes.post("/sim/corps/{corpId}/staff/{userid}/confirm-mass", this::confirm);
    }

    /** Body {@code {"msgid"}}; 404 without such a task, 409 when it was sent or the message cancelled. */
    private ControlAnswer confirm(ControlRequest request) {
        CorpState corp = request.corp();
        String userid = request.var("userid");
        String msgid = request.requiredText("msgid");
        synchronized (corp) {
            MassMessage message = corp.massMessages()
                    .find(msgid)
                    .orElseThrow(() -> ControlError.notFound("no mass message " + msgid));
            MassTask task =
                    message.task(userid).orElseThrow(() -> ControlError.notFound(userid + " has no task in " + msgid));
            if (message.cancelled()) {
                throw ControlError.conflict(msgid + " was cancelled");
            }
            if (task.sent()) {
                throw ControlError.conflict(userid + " already sent " + msgid);
            }
            MassDispatch.confirm(corp, message, task, corp.now());
            ObjectNode answer = Json.object()
                    .put("msgid", msgid)
                    .put("userid", userid)
                    .put("status", task.status())
                    .put("sendTime", task.sendTime());
            ArrayNode results = answer.putArray("results");
            for (MassRecipient recipient : task.recipients()) {
                ObjectNode item = recipient.isGroup()
                        ? results.addObject().put("chatId", recipient.chatId())
                        : results.addObject().put("externalUserId", recipient.externalUserId());
                item.put("status", recipient.status());
            }
            return ControlAnswer.ok(answer);
        }
    }
}
