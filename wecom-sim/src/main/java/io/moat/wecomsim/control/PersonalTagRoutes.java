package io.moat.wecomsim.control;

import io.moat.wecomsim.callbacks.CallbackEvent;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.tags.PersonalTag;
import io.moat.wecomsim.world.CorpState;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A member tagging a customer with a personal tag in the WeCom client, which pushes edit_external_contact. */
public final class PersonalTagRoutes implements ControlRoute.Group {

    @Override
    public void register(ControlRoutes routes) {
        routes.post("/sim/corps/{corpId}/staff/{userid}/personal-tags", this::tag);
    }

    /** Body {@code {"externalUserId","tagName","groupName"?,"remove"?:false}}. */
    private ControlAnswer tag(ControlRequest request) {
        CorpState corp = request.corp();
        String userid = request.var("userid");
        String externalUserId = request.requiredText("externalUserId");
        PersonalTag tag = new PersonalTag(request.text("groupName").orElse(""), request.requiredText("tagName"));
        synchronized (corp) {
            corp.customers()
                    .relation(userid, externalUserId)
                    .orElseThrow(() -> ControlError.notFound(userid + " does not follow " + externalUserId));
            if (request.flag("remove").orElse(false)) {
                corp.personalTags().remove(userid, externalUserId, tag);
            } else {
                corp.personalTags().add(userid, externalUserId, tag);
            }
            corp.emit(CallbackEvent.contactPair("edit_external_contact", userid, externalUserId));
            ObjectNode answer = Json.object().put("userId", userid).put("externalUserId", externalUserId);
            ArrayNode tags = answer.putArray("personalTags");
            corp.personalTags().of(userid, externalUserId).forEach(t -> tags.addObject()
                    .put("groupName", t.groupName())
                    .put("tagName", t.tagName()));
            return ControlAnswer.ok(answer);
        }
    }
}
