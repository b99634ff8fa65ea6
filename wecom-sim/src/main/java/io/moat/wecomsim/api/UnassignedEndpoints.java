package io.moat.wecomsim.api;

import static io.moat.wecomsim.api.ApiEndpoints.emptyArrays;

import io.moat.wecomsim.contacts.FollowRelation;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.world.CorpState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * get_unassigned_list: customers still held by members who left, not yet being handed over. Paged by the
 * relation's creation order, so pages stay stable while handovers take customers away.
 */
final class UnassignedEndpoints {

    static final int MAX_PAGE_SIZE = 1000;

    private UnassignedEndpoints() {}

    static void register(ApiEndpoints endpoints) {
        endpoints.post(
                "/cgi-bin/externalcontact/get_unassigned_list",
                emptyArrays("info").put("is_last", true).put("next_cursor", ""),
                UnassignedEndpoints::list);
    }

    private static ObjectNode list(ApiRequest request) {
        CorpState corp = request.corp();
        long size = request.number("page_size", MAX_PAGE_SIZE);
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiError.invalid("page_size must be within 1.." + MAX_PAGE_SIZE);
        }
        String cursor = request.text("cursor");
        long skip = cursor.isEmpty() ? Math.max(0, request.number("page_id", 0)) * size : 0;
        long after = PageCursor.afterSeq(cursor);
        List<FollowRelation> unassigned = new ArrayList<>();
        corp.resignations().all().keySet().forEach(userid -> corp.customers().relationsOf(userid).stream()
                .filter(r -> !corp.transfers().waiting(r.externalUserId()))
                .forEach(unassigned::add));
        List<FollowRelation> page = unassigned.stream()
                .sorted(Comparator.comparingLong(FollowRelation::seq))
                .filter(r -> r.seq() > after)
                .skip(skip)
                .limit(size + 1)
                .toList();
        ObjectNode answer = Json.object();
        ArrayNode info = answer.putArray("info");
        page.stream().limit(size).forEach(r -> info.addObject()
                .put("handover_userid", r.userid())
                .put("external_userid", r.externalUserId())
                .put(
                        "dimission_time",
                        corp.resignations()
                                .dimissionTime(r.userid())
                                .orElseThrow()
                                .getEpochSecond()));
        boolean last = page.size() <= size;
        answer.put("is_last", last);
        return answer.put(
                "next_cursor",
                last ? "" : PageCursor.ofSeq(page.get((int) size - 1).seq()));
    }
}
