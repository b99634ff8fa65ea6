package io.moat.wecomsim.api;

import static io.moat.wecomsim.api.ApiEndpoints.emptyArrays;

import io.moat.wecomsim.contacts.Staff;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.stats.Behavior;
import io.moat.wecomsim.stats.BehaviorStatistics;
import io.moat.wecomsim.stats.GroupCounts;
import io.moat.wecomsim.stats.GroupStatistics;
import io.moat.wecomsim.world.ChinaTime;
import io.moat.wecomsim.world.CorpState;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Group and member statistics (wecom-api.md §6), computed from the simulator's own history. Days are Beijing days;
 * a period is at most 30 days and starts at most 180 days back.
 */
final class StatisticEndpoints {

    static final int MAX_OWNERS = 100;
    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_LIMIT = 500;

    private StatisticEndpoints() {}

    static void register(ApiEndpoints endpoints) {
        endpoints.post(
                "/cgi-bin/externalcontact/groupchat/statistic",
                emptyArrays("items").put("total", 0).put("next_offset", 0),
                StatisticEndpoints::byOwner);
        endpoints.post(
                "/cgi-bin/externalcontact/groupchat/statistic_group_by_day",
                emptyArrays("items"),
                StatisticEndpoints::byDay);
        endpoints.post(
                "/cgi-bin/externalcontact/get_user_behavior_data",
                emptyArrays("behavior_data"),
                StatisticEndpoints::behavior);
    }

    /** Per owner over the whole period; only complete days (up to yesterday) can be asked for. */
    private static ObjectNode byOwner(ApiRequest request) {
        CorpState corp = request.corp();
        StatPeriod period = StatPeriod.read(request, "day_begin_time", "day_end_time", false);
        List<String> owners = owners(request);
        int orderBy = (int) request.number("order_by", 1);
        if (orderBy < 1 || orderBy > 7) {
            throw ApiError.invalid("order_by must be within 1..7");
        }
        boolean ascending = request.number("order_asc", 0) == 1;
        long offset = Math.max(0, request.number("offset", 0));
        long limit = MassResultEndpoints.limit(request, DEFAULT_LIMIT, MAX_LIMIT);
        Map<String, GroupCounts> counts = GroupStatistics.byOwner(corp, period.from(), period.to());
        Comparator<String> order = Comparator.comparingLong(
                owner -> counts.getOrDefault(owner, GroupCounts.ZERO).byOrder(orderBy));
        List<String> sorted =
                owners.stream().sorted(ascending ? order : order.reversed()).toList();
        ObjectNode answer = Json.object().put("total", sorted.size());
        long next = Math.min(sorted.size(), offset + limit);
        answer.put("next_offset", next < sorted.size() ? next : 0);
        ArrayNode items = answer.putArray("items");
        for (String owner : sorted.subList((int) Math.min(offset, sorted.size()), (int) next)) {
            ObjectNode item = items.addObject().put("owner", owner);
            item.set("data", json(counts.getOrDefault(owner, GroupCounts.ZERO)));
        }
        return answer;
    }

    /** One item per day, summed over the owners. */
    private static ObjectNode byDay(ApiRequest request) {
        CorpState corp = request.corp();
        StatPeriod period = StatPeriod.read(request, "day_begin_time", "day_end_time", false);
        List<String> owners = owners(request);
        ObjectNode answer = Json.object();
        ArrayNode items = answer.putArray("items");
        for (LocalDate day : period.days()) {
            Map<String, GroupCounts> counts =
                    GroupStatistics.byOwner(corp, ChinaTime.startOf(day), ChinaTime.startOf(day.plusDays(1)));
            GroupCounts sum = owners.stream()
                    .map(o -> counts.getOrDefault(o, GroupCounts.ZERO))
                    .reduce(GroupCounts.ZERO, GroupCounts::plus);
            ObjectNode item =
                    items.addObject().put("stat_time", ChinaTime.startOf(day).getEpochSecond());
            item.set("data", json(sum));
        }
        return answer;
    }

    /** userid and/or partyid (≤100 each; departments count with their sub-departments); one item per day. */
    private static ObjectNode behavior(ApiRequest request) {
        CorpState corp = request.corp();
        List<String> userids = request.texts("userid");
        List<Long> parties = request.numbers("partyid");
        if (userids.isEmpty() && parties.isEmpty()) {
            throw ApiError.invalid("userid or partyid is required");
        }
        if (userids.size() > MAX_OWNERS || parties.size() > MAX_OWNERS) {
            throw ApiError.invalid("userid and partyid hold at most " + MAX_OWNERS + " entries each");
        }
        StatPeriod period = StatPeriod.read(request, "start_time", "end_time", true);
        Set<String> members = new LinkedHashSet<>(userids);
        for (long party : parties) {
            List<Long> subtree = new ArrayList<>();
            corp.directory().subtree(party).forEach(d -> subtree.add(d.id()));
            if (subtree.isEmpty()) {
                throw new ApiError(ErrCode.INVALID_DEPARTMENT, "no department " + party);
            }
            corp.directory().staffIn(subtree).stream().map(Staff::userid).forEach(members::add);
        }
        ObjectNode answer = Json.object();
        ArrayNode data = answer.putArray("behavior_data");
        for (LocalDate day : period.days()) {
            Behavior sum = members.stream()
                    .map(m ->
                            BehaviorStatistics.of(corp, m, ChinaTime.startOf(day), ChinaTime.startOf(day.plusDays(1))))
                    .reduce(Behavior.ZERO, Behavior::plus);
            data.addObject()
                    .put("stat_time", ChinaTime.startOf(day).getEpochSecond())
                    .put("chat_cnt", sum.chatCnt())
                    .put("message_cnt", sum.messageCnt())
                    .put("reply_percentage", sum.replyPercentage())
                    .put("avg_reply_time", sum.avgReplyMinutes())
                    .put("negative_feedback_cnt", sum.negativeFeedbackCnt())
                    .put("new_apply_cnt", sum.newApplyCnt())
                    .put("new_contact_cnt", sum.newContactCnt());
        }
        return answer;
    }

    private static List<String> owners(ApiRequest request) {
        JsonNode filter = request.body().path("owner_filter");
        List<String> owners = filter.isObject() ? ApiRequest.texts(filter, "userid_list") : List.of();
        if (owners.isEmpty() || owners.size() > MAX_OWNERS) {
            throw ApiError.invalid("owner_filter.userid_list must hold 1.." + MAX_OWNERS + " members");
        }
        return List.copyOf(new LinkedHashSet<>(owners));
    }

    private static ObjectNode json(GroupCounts counts) {
        return Json.object()
                .put("new_chat_cnt", counts.newChatCnt())
                .put("chat_total", counts.chatTotal())
                .put("chat_has_msg", counts.chatHasMsg())
                .put("new_member_cnt", counts.newMemberCnt())
                .put("member_total", counts.memberTotal())
                .put("member_has_msg", counts.memberHasMsg())
                .put("msg_total", counts.msgTotal())
                .put("migrate_trainee_chat_cnt", 0);
    }
}
