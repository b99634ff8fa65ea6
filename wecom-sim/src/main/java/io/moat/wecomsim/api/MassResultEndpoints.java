package io.moat.wecomsim.api;

import static io.moat.wecomsim.api.ApiEndpoints.emptyArrays;

import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.mass.MassMessage;
import io.moat.wecomsim.mass.MassRecipient;
import io.moat.wecomsim.mass.MassTask;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Reading mass messages back: the list, each sender's task, and what became of each recipient. */
final class MassResultEndpoints {

    static final int MAX_LIST_LIMIT = 100;
    static final int DEFAULT_LIST_LIMIT = 50;
    static final int MAX_RESULT_LIMIT = 1000;
    static final int DEFAULT_RESULT_LIMIT = 500;
    static final Duration MAX_SPAN = Duration.ofDays(31);
    static final int FILTER_ALL = 2;

    private MassResultEndpoints() {}

    static void register(ApiEndpoints endpoints) {
        endpoints.post(
                "/cgi-bin/externalcontact/get_groupmsg_list_v2",
                emptyArrays("group_msg_list").put("next_cursor", ""),
                MassResultEndpoints::list);
        endpoints.post(
                "/cgi-bin/externalcontact/get_groupmsg_task",
                emptyArrays("task_list").put("next_cursor", ""),
                MassResultEndpoints::tasks);
        endpoints.post(
                "/cgi-bin/externalcontact/get_groupmsg_send_result",
                emptyArrays("send_list").put("next_cursor", ""),
                MassResultEndpoints::sendResult);
    }

    /** chat_type and a time range of at most one month are required; filter_type 0 enterprise, 1 personal, 2 all. */
    private static ObjectNode list(ApiRequest request) {
        String chatType = request.requiredText("chat_type");
        if (!chatType.equals(MassMessage.SINGLE) && !chatType.equals(MassMessage.GROUP)) {
            throw ApiError.invalid("chat_type must be single or group");
        }
        long start = request.number("start_time", 0);
        long end = request.number("end_time", 0);
        if (start <= 0 || end < start || end - start > MAX_SPAN.toSeconds()) {
            throw ApiError.invalid("start_time and end_time are required and at most one month apart");
        }
        long filterType = request.number("filter_type", FILTER_ALL);
        if (filterType < 0 || filterType > FILTER_ALL) {
            throw ApiError.invalid("filter_type must be 0, 1 or 2");
        }
        String creator = request.text("creator");
        long limit = limit(request, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
        long after = PageCursor.afterSeq(request.text("cursor"));
        List<MassMessage> page = request.corp().massMessages().all().stream()
                .filter(m -> m.seq() > after && m.chatType().equals(chatType))
                .filter(m -> m.createTime() >= start && m.createTime() <= end)
                .filter(m -> filterType == FILTER_ALL || m.createType() == filterType)
                .filter(m -> creator.isEmpty() || m.creator().equals(creator))
                .limit(limit + 1)
                .toList();
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray("group_msg_list");
        page.stream().limit(limit).forEach(m -> {
            ObjectNode item = list.addObject()
                    .put("msgid", m.msgid())
                    .put("creator", m.creator())
                    .put("create_time", m.createTime())
                    .put("create_type", m.createType());
            if (!m.text().isEmpty()) {
                item.putObject("text").put("content", m.text());
            }
            item.set("attachments", m.attachments().deepCopy());
        });
        String next =
                page.size() > limit ? PageCursor.ofSeq(page.get((int) limit - 1).seq()) : "";
        return answer.put("next_cursor", next);
    }

    private static ObjectNode tasks(ApiRequest request) {
        MassMessage message = MassMessageEndpoints.message(request);
        long limit = limit(request, DEFAULT_RESULT_LIMIT, MAX_RESULT_LIMIT);
        int from = (int) PageCursor.afterSeq(request.text("cursor"));
        List<MassTask> tasks = List.copyOf(message.tasks());
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray("task_list");
        int to = (int) Math.min(tasks.size(), from + limit);
        for (MassTask task : tasks.subList(Math.min(from, to), to)) {
            ObjectNode item = list.addObject().put("userid", task.userid()).put("status", task.status());
            if (task.sent()) {
                item.put("send_time", task.sendTime());
            }
        }
        return answer.put("next_cursor", to < tasks.size() ? PageCursor.ofSeq(to) : "");
    }

    /** One sender's recipients; userid is required. */
    private static ObjectNode sendResult(ApiRequest request) {
        MassMessage message = MassMessageEndpoints.message(request);
        String userid = request.requiredText("userid");
        long limit = limit(request, DEFAULT_RESULT_LIMIT, MAX_RESULT_LIMIT);
        int from = (int) PageCursor.afterSeq(request.text("cursor"));
        List<MassRecipient> recipients =
                message.task(userid).map(MassTask::recipients).orElse(List.of());
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray("send_list");
        int to = (int) Math.min(recipients.size(), from + limit);
        for (MassRecipient recipient : recipients.subList(Math.min(from, to), to)) {
            ObjectNode item = recipient.isGroup()
                    ? list.addObject().put("chat_id", recipient.chatId())
                    : list.addObject().put("external_userid", recipient.externalUserId());
            item.put("userid", recipient.userid()).put("status", recipient.status());
            if (recipient.status() == MassRecipient.SENT) {
                item.put("send_time", recipient.sendTime());
            }
        }
        return answer.put("next_cursor", to < recipients.size() ? PageCursor.ofSeq(to) : "");
    }

    static long limit(ApiRequest request, int fallback, int max) {
        long limit = request.number("limit", fallback);
        if (limit > max) {
            throw ApiError.invalid("limit is at most " + max);
        }
        return limit <= 0 ? fallback : limit;
    }
}
