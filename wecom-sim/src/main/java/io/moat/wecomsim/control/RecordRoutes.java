package io.moat.wecomsim.control;

import io.moat.wecomsim.callbacks.PushAttempt;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.welcome.Delivery;
import io.moat.wecomsim.world.ApiCallLog;
import io.moat.wecomsim.world.CorpState;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** What happened, for assertions: push attempts, what customers received, and the API calls made. */
public final class RecordRoutes implements ControlRoute.Group {

    @Override
    public void register(ControlRoutes routes) {
        routes.get("/sim/corps/{corpId}/callbacks", this::callbacks);
        routes.get("/sim/corps/{corpId}/deliveries", this::deliveries);
        routes.get("/sim/corps/{corpId}/api-calls", this::apiCalls);
    }

    private ControlAnswer callbacks(ControlRequest request) {
        ArrayNode list = Json.array();
        for (PushAttempt attempt : request.corp().callbackLog().all()) {
            ObjectNode item = list.addObject()
                    .put("seq", attempt.seq())
                    .put("event", attempt.event())
                    .put("changeType", attempt.changeType())
                    .put("attempt", attempt.attempt());
            if (attempt.httpStatus() == null) {
                item.putNull("httpStatus");
            } else {
                item.put("httpStatus", attempt.httpStatus());
            }
            item.put("answer", attempt.answer())
                    .put("at", attempt.at().toString())
                    .put("duplicate", attempt.duplicate())
                    .put("delivered", attempt.delivered());
        }
        return ControlAnswer.ok(list);
    }

    private ControlAnswer deliveries(ControlRequest request) {
        CorpState corp = request.corp();
        List<Delivery> matching;
        synchronized (corp) {
            matching = corp.deliveries().matching(request.queryOr("externalUserId", ""), request.queryOr("chatId", ""));
        }
        ArrayNode list = Json.array();
        for (Delivery delivery : matching) {
            ObjectNode item = list.addObject()
                    .put("seq", delivery.seq())
                    .put("kind", delivery.kind())
                    .put("userId", delivery.userid())
                    .put("externalUserId", delivery.externalUserId())
                    .put("chatId", delivery.chatId())
                    .put("text", delivery.text());
            item.set("attachments", delivery.attachments());
            item.put("at", delivery.at().toString());
        }
        return ControlAnswer.ok(list);
    }

    private ControlAnswer apiCalls(ControlRequest request) {
        ApiCallLog log = request.corp().apiCalls();
        String path = request.queryOr("path", "");
        ObjectNode answer = Json.object();
        ArrayNode paths = answer.putArray("paths");
        for (ApiCallLog.PathCount count : log.counts(path)) {
            ObjectNode item = paths.addObject().put("path", count.path()).put("count", count.count());
            ObjectNode errcodes = item.putObject("errcodes");
            count.errcodes().forEach((code, n) -> errcodes.put(Integer.toString(code), n));
        }
        ArrayNode calls = answer.putArray("calls");
        for (ApiCallLog.ApiCall call : log.calls(path)) {
            calls.addObject()
                    .put("seq", call.seq())
                    .put("path", call.path())
                    .put("errcode", call.errcode())
                    .put("at", call.at().toString())
                    .put("detail", call.detail())
                    .put("query", call.query())
                    .put("body", call.body());
        }
        return ControlAnswer.ok(answer);
    }
}
