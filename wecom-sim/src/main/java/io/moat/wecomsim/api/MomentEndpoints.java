package io.moat.wecomsim.api;

import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.moments.Moment;
import io.moat.wecomsim.moments.MomentJob;
import io.moat.wecomsim.world.CorpState;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posting to customers' Moments (wecom-api.md §5): add_moment_task answers a job id at once; the moment exists one
 * second of simulated time later, when get_moment_task_result reports it. cancel_moment_task stops members who have
 * not published yet.
 */
final class MomentEndpoints {

    static final int MAX_TEXT = 2000;
    static final int MAX_IMAGES = 9;
    static final Set<String> MSGTYPES = Set.of("image", "video", "link");

    private MomentEndpoints() {}

    static void register(ApiEndpoints endpoints) {
        endpoints.post("/cgi-bin/externalcontact/add_moment_task", Json.object(), MomentEndpoints::add);
        endpoints.get("/cgi-bin/externalcontact/get_moment_task_result", Json.object(), MomentEndpoints::result);
        endpoints.post("/cgi-bin/externalcontact/cancel_moment_task", Json.object(), MomentEndpoints::cancel);
    }

    private static ObjectNode add(ApiRequest request) {
        CorpState corp = request.corp();
        JsonNode textNode = request.body().path("text").path("content");
        String text = textNode.isString() ? textNode.stringValue() : "";
        CustomerEndpoints.limited(text, "text.content", MAX_TEXT);
        JsonNode attachments = attachments(request.body().path("attachments"));
        if (text.isEmpty() && attachments.isEmpty()) {
            throw ApiError.invalid("text and attachments are both empty");
        }
        JsonNode range = request.body().path("visible_range");
        JsonNode senders = range.path("sender_list");
        JsonNode customers = range.path("external_contact_list");
        MomentJob.Request wanted = new MomentJob.Request(
                text,
                attachments,
                senders.isObject() ? ApiRequest.texts(senders, "user_list") : List.of(),
                senders.isObject() ? request.nested(senders).numbers("department_list") : List.of(),
                customers.isObject() ? ApiRequest.texts(customers, "tag_list") : List.of());
        MomentJob job = new MomentJob(corp.ids().jobId(), corp.now(), wanted);
        corp.moments().addJob(job);
        return Json.object().put("jobid", job.jobid());
    }

    /** Up to 9 images, or one video, or one link; not mixed. */
    private static JsonNode attachments(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Json.array();
        }
        if (!node.isArray()) {
            throw ApiError.invalid("attachments must be an array");
        }
        String kind = "";
        for (JsonNode attachment : node) {
            String msgtype = attachment.path("msgtype").asString("");
            if (!MSGTYPES.contains(msgtype)) {
                throw new ApiError(ErrCode.INVALID_MSGTYPE, "moment attachments are image, video or link");
            }
            if (!kind.isEmpty() && !kind.equals(msgtype)) {
                throw ApiError.invalid("images, a video and a link cannot be mixed");
            }
            kind = msgtype;
            JsonNode body = attachment.path(msgtype);
            boolean complete = msgtype.equals("link")
                    ? body.hasNonNull("title") && body.hasNonNull("url")
                    : body.hasNonNull("media_id");
            if (!complete) {
                throw ApiError.invalid("attachment of type " + msgtype + " misses a required field");
            }
        }
        int max = kind.equals("image") ? MAX_IMAGES : 1;
        if (node.size() > max) {
            throw ApiError.invalid("at most " + max + " " + kind + " attachments");
        }
        return node.deepCopy();
    }

    private static ObjectNode result(ApiRequest request) {
        CorpState corp = request.corp();
        String jobid = request.param("jobid");
        MomentJob job = corp.moments()
                .job(jobid)
                .filter(j -> !j.expiredAt(corp.now()))
                .orElseThrow(() -> ApiError.invalid("no moment job " + jobid));
        ObjectNode answer = Json.object()
                .put("status", job.done() ? MomentJob.DONE : MomentJob.STARTED)
                .put("type", "add_moment_task");
        if (job.done()) {
            MomentJob.Result outcome = job.result();
            ObjectNode result = answer.putObject("result")
                    .put("errcode", 0)
                    .put("errmsg", "ok")
                    .put("moment_id", outcome.momentId());
            ObjectNode senders = result.putObject("invalid_sender_list");
            ArrayNode users = senders.putArray("user_list");
            outcome.invalidUsers().forEach(users::add);
            ArrayNode departments = senders.putArray("department_list");
            outcome.invalidDepartments().forEach(departments::add);
            ArrayNode tags = result.putObject("invalid_external_contact_list").putArray("tag_list");
            outcome.invalidTags().forEach(tags::add);
        }
        return answer;
    }

    private static ObjectNode cancel(ApiRequest request) {
        Moment moment = moment(request);
        if (moment.createType() != Moment.BY_ENTERPRISE) {
            throw new ApiError(ErrCode.INVALID_MOMENT_ID, "only enterprise moments can be cancelled");
        }
        moment.cancel();
        return Json.object();
    }

    static Moment moment(ApiRequest request) {
        String momentId = request.text("moment_id");
        if (momentId.isEmpty()) {
            throw new ApiError(ErrCode.MOMENT_ID_MISSING, "moment_id is required");
        }
        return request.corp()
                .moments()
                .find(momentId)
                .orElseThrow(() -> new ApiError(ErrCode.INVALID_MOMENT_ID, "no moment " + momentId));
    }
}
