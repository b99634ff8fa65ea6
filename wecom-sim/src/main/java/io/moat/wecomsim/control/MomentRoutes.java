package io.moat.wecomsim.control;

import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.moments.Moment;
import io.moat.wecomsim.moments.MomentPublishing;
import io.moat.wecomsim.moments.MomentTask;
import io.moat.wecomsim.world.CorpState;
import tools.jackson.databind.node.ObjectNode;

/** Members and their Moments in the WeCom client: publishing an enterprise moment, posting a personal one. */
public final class MomentRoutes implements ControlRoute.Group {

    @Override
    public void register(ControlRoutes routes) {
        routes.post("/sim/corps/{corpId}/staff/{userid}/publish-moment", this::publish);
        routes.post("/sim/corps/{corpId}/staff/{userid}/moments", this::personal);
    }

    /** Body {@code {"momentId"}}; 404 without such a task, 409 when published already or cancelled. */
    private ControlAnswer publish(ControlRequest request) {
        CorpState corp = request.corp();
        String userid = request.var("userid");
        String momentId = request.requiredText("momentId");
        synchronized (corp) {
            Moment moment =
                    corp.moments().find(momentId).orElseThrow(() -> ControlError.notFound("no moment " + momentId));
            MomentTask task = moment.task(userid)
                    .orElseThrow(() -> ControlError.notFound(userid + " has no task in " + momentId));
            if (moment.cancelled() || task.published()) {
                throw ControlError.conflict(momentId + " is cancelled or already published by " + userid);
            }
            MomentPublishing.publish(corp, moment, task, corp.now());
            return ControlAnswer.ok(json(moment, task));
        }
    }

    /** Body {@code {"content"}}: a personal moment (create_type 1) shown to the member's customers at once. */
    private ControlAnswer personal(ControlRequest request) {
        CorpState corp = request.corp();
        String content = request.requiredText("content");
        synchronized (corp) {
            StaffRoutes.existing(corp, request.var("userid"));
            Moment moment = MomentPublishing.personal(corp, request.var("userid"), content);
            return ControlAnswer.created(
                    json(moment, moment.task(request.var("userid")).orElseThrow()));
        }
    }

    private static ObjectNode json(Moment moment, MomentTask task) {
        ObjectNode json = Json.object().put("momentId", moment.momentId()).put("userid", task.userid());
        task.visibleTo().forEach(json.putArray("visibleTo")::add);
        return json;
    }
}
