package io.moat.wecomsim.api;

import static io.moat.wecomsim.api.ApiEndpoints.emptyArrays;

import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.moments.Moment;
import io.moat.wecomsim.moments.MomentTask;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Reading moments back: the list, each member's publishing, the targeted customers and who could see it. */
final class MomentQueryEndpoints {

    static final int MAX_LIST_LIMIT = 20;
    static final Duration MAX_SPAN = Duration.ofDays(30);

    private MomentQueryEndpoints() {}

    static void register(ApiEndpoints endpoints) {
        String base = "/cgi-bin/externalcontact/";
        endpoints.post(
                base + "get_moment_list",
                emptyArrays("moment_list").put("next_cursor", ""),
                MomentQueryEndpoints::list);
        endpoints.post(
                base + "get_moment_task", emptyArrays("task_list").put("next_cursor", ""), MomentQueryEndpoints::tasks);
        endpoints.post(
                base + "get_moment_customer_list",
                emptyArrays("customer_list").put("next_cursor", ""),
                MomentQueryEndpoints::customers);
        endpoints.post(
                base + "get_moment_send_result",
                emptyArrays("customer_list").put("next_cursor", ""),
                MomentQueryEndpoints::sendResult);
        endpoints.post(
                base + "get_moment_comments", emptyArrays("comment_list", "like_list"), MomentQueryEndpoints::comments);
    }

    private static ObjectNode list(ApiRequest request) {
        long start = request.number("start_time", 0);
        long end = request.number("end_time", 0);
        if (start <= 0 || end < start || end - start > MAX_SPAN.toSeconds()) {
            throw ApiError.invalid("start_time and end_time are required and at most 30 days apart");
        }
        long filterType = request.number("filter_type", 2);
        String creator = request.text("creator");
        long limit = MassResultEndpoints.limit(request, MAX_LIST_LIMIT, MAX_LIST_LIMIT);
        long after = PageCursor.afterSeq(request.text("cursor"));
        List<Moment> page = request.corp().moments().all().stream()
                .filter(m -> m.seq() > after && m.createTime() >= start && m.createTime() <= end)
                .filter(m -> filterType == 2 || m.createType() == filterType)
                .filter(m -> creator.isEmpty() || m.creator().equals(creator))
                .limit(limit + 1)
                .toList();
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray("moment_list");
        page.stream().limit(limit).forEach(m -> list.add(json(m)));
        return answer.put(
                "next_cursor",
                page.size() > limit ? PageCursor.ofSeq(page.get((int) limit - 1).seq()) : "");
    }

    private static ObjectNode json(Moment moment) {
        ObjectNode json = Json.object()
                .put("moment_id", moment.momentId())
                .put("creator", moment.creator())
                .put("create_time", moment.createTime())
                .put("create_type", moment.createType())
                .put("visible_type", moment.visibleType());
        json.putObject("text").put("content", moment.text());
        for (JsonNode attachment : moment.attachments()) {
            String type = attachment.path("msgtype").asString("");
            if (type.equals("image")) {
                json.withArray("image")
                        .addObject()
                        .put(
                                "media_id",
                                attachment.path("image").path("media_id").asString(""));
            } else {
                json.set(type, attachment.path(type).deepCopy());
            }
        }
        return json;
    }

    private static ObjectNode tasks(ApiRequest request) {
        Moment moment = MomentEndpoints.moment(request);
        return page(request, "task_list", List.copyOf(moment.tasks()), 500, 1000, task -> Json.object()
                .put("userid", task.userid())
                .put("publish_status", task.published() ? 1 : 0));
    }

    private static ObjectNode customers(ApiRequest request) {
        MomentTask task = task(request);
        return page(request, "customer_list", task.targets(), 500, 1000, customer -> Json.object()
                .put("userid", task.userid())
                .put("external_userid", customer));
    }

    /** The customers who can see the member's post; 41062 until the member published it. */
    private static ObjectNode sendResult(ApiRequest request) {
        MomentTask task = task(request);
        if (!task.published()) {
            throw new ApiError(ErrCode.MOMENT_NOT_PUBLISHED_BY_USER, task.userid() + " has not published it");
        }
        return page(request, "customer_list", task.visibleTo(), 3000, 5000, customer -> Json.object()
                .put("external_userid", customer));
    }

    /** Virtual customers neither comment nor like. */
    private static ObjectNode comments(ApiRequest request) {
        task(request);
        ObjectNode answer = Json.object();
        answer.putArray("comment_list");
        answer.putArray("like_list");
        return answer;
    }

    private static MomentTask task(ApiRequest request) {
        Moment moment = MomentEndpoints.moment(request);
        String userid = request.requiredText("userid");
        return moment.task(userid)
                .orElseThrow(() -> new ApiError(41061, userid + " is not a sender of " + moment.momentId()));
    }

    private static <T> ObjectNode page(
            ApiRequest request, String field, List<T> items, int fallback, int max, Function<T, ObjectNode> json) {
        long limit = MassResultEndpoints.limit(request, fallback, max);
        int from = (int) Math.min(items.size(), PageCursor.afterSeq(request.text("cursor")));
        int to = (int) Math.min(items.size(), from + limit);
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray(field);
        items.subList(from, to).forEach(item -> list.add(json.apply(item)));
        return answer.put("next_cursor", to < items.size() ? PageCursor.ofSeq(to) : "");
    }
}
