package io.moat.wecomsim.api;

import static io.moat.wecomsim.api.ApiEndpoints.emptyArrays;

import io.moat.wecomsim.contacts.CustomerBook;
import io.moat.wecomsim.contacts.ExternalContact;
import io.moat.wecomsim.contacts.FollowRelation;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.world.CorpState;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Reading customers and editing a member's remark on one. */
final class CustomerEndpoints {

    /** externalcontact/get pages follow users beyond this many. */
    static final int FOLLOWERS_PER_PAGE = 500;

    static final int MAX_BATCH_USERS = 100;
    static final int DEFAULT_BATCH_LIMIT = 50;
    static final int MAX_BATCH_LIMIT = 100;

    private CustomerEndpoints() {}

    static void register(ApiEndpoints endpoints) {
        endpoints.get("/cgi-bin/externalcontact/list", emptyArrays("external_userid"), CustomerEndpoints::list);
        endpoints.get("/cgi-bin/externalcontact/get", emptyArrays("follow_user"), CustomerEndpoints::get);
        endpoints.post(
                "/cgi-bin/externalcontact/batch/get_by_user",
                emptyArrays("external_contact_list").put("next_cursor", ""),
                CustomerEndpoints::batchByUser);
        endpoints.post("/cgi-bin/externalcontact/remark", Json.object(), CustomerEndpoints::remark);
    }

    /** All customers of one member, unpaged; 84061 when there are none. */
    private static ObjectNode list(ApiRequest request) {
        String userid = request.param("userid");
        CorpState corp = request.corp();
        corp.directory().staff(userid).orElseThrow(() -> new ApiError(ErrCode.INVALID_USERID, "no member " + userid));
        List<FollowRelation> relations = corp.customers().relationsOf(userid);
        if (relations.isEmpty()) {
            throw new ApiError(ErrCode.NOT_EXTERNAL_CONTACT, userid + " has no customers");
        }
        ObjectNode answer = Json.object();
        ArrayNode ids = answer.putArray("external_userid");
        relations.forEach(r -> ids.add(r.externalUserId()));
        return answer;
    }

    private static ObjectNode get(ApiRequest request) {
        CorpState corp = request.corp();
        String externalUserId = request.param("external_userid");
        ExternalContact customer = customer(corp, externalUserId);
        List<FollowRelation> followers = corp.customers().followersOf(externalUserId);
        if (followers.isEmpty()) {
            throw new ApiError(ErrCode.NOT_EXTERNAL_CONTACT, externalUserId + " is followed by nobody");
        }
        long after = PageCursor.afterSeq(request.param("cursor"));
        List<FollowRelation> page = followers.stream()
                .filter(r -> r.seq() > after)
                .limit(FOLLOWERS_PER_PAGE + 1L)
                .toList();
        ObjectNode answer = Json.object();
        answer.set("external_contact", CustomerJson.externalContact(customer));
        ArrayNode follow = answer.putArray("follow_user");
        page.stream()
                .limit(FOLLOWERS_PER_PAGE)
                .forEach(r -> follow.add(CustomerJson.followUser(
                        r, corp.tags(), corp.personalTags().of(r.userid(), r.externalUserId()))));
        if (page.size() > FOLLOWERS_PER_PAGE) {
            answer.put(
                    "next_cursor",
                    PageCursor.ofSeq(page.get(FOLLOWERS_PER_PAGE - 1).seq()));
        }
        return answer;
    }

    /**
     * Customers of up to 100 members, paged across members. The cursor names the last (member, relation) returned,
     * so a page boundary survives relations added or removed in between.
     */
    private static ObjectNode batchByUser(ApiRequest request) {
        List<String> userids = request.texts("userid_list");
        if (userids.isEmpty()) {
            throw ApiError.invalid("userid_list is required");
        }
        if (userids.size() > MAX_BATCH_USERS) {
            throw ApiError.invalid("userid_list holds more than " + MAX_BATCH_USERS + " members");
        }
        long limit = request.number("limit", DEFAULT_BATCH_LIMIT);
        limit = limit <= 0 ? DEFAULT_BATCH_LIMIT : Math.min(limit, MAX_BATCH_LIMIT);
        int startUser = 0;
        long afterSeq = 0;
        String cursor = request.text("cursor");
        if (!cursor.isEmpty()) {
            String[] position = PageCursor.decode(cursor).split("\n", 2);
            startUser = userids.indexOf(position[0]);
            if (startUser < 0 || position.length < 2 || !position[1].matches("\\d+")) {
                throw ApiError.invalid("cursor does not belong to this userid_list");
            }
            afterSeq = Long.parseLong(position[1]);
        }
        CustomerBook book = request.corp().customers();
        List<FollowRelation> page = new ArrayList<>();
        for (int i = startUser; i < userids.size() && page.size() <= limit; i++) {
            long after = i == startUser ? afterSeq : 0;
            page.addAll(book.relationsOf(userids.get(i), after, limit + 1 - page.size()));
        }
        ObjectNode answer = Json.object();
        ArrayNode list = answer.putArray("external_contact_list");
        page.stream().limit(limit).forEach(relation -> {
            ObjectNode item = list.addObject();
            book.customer(relation.externalUserId())
                    .ifPresent(c -> item.set("external_contact", CustomerJson.externalContact(c)));
            item.set("follow_info", CustomerJson.followInfo(relation));
        });
        String next = "";
        if (page.size() > limit) {
            FollowRelation last = page.get((int) limit - 1);
            next = PageCursor.encode(last.userid() + "\n" + last.seq());
        }
        return answer.put("next_cursor", next);
    }

    /** Fields present overwrite, absent ones stay; remark_mobiles is replaced whole ("" or [""] clears it). */
    private static ObjectNode remark(ApiRequest request) {
        CorpState corp = request.corp();
        String userid = request.requiredText("userid");
        String externalUserId = request.requiredText("external_userid");
        customer(corp, externalUserId);
        FollowRelation relation = corp.customers()
                .relation(userid, externalUserId)
                .orElseThrow(() ->
                        new ApiError(ErrCode.NOT_EXTERNAL_CONTACT, userid + " does not follow " + externalUserId));
        List<String> fields =
                List.of("remark", "description", "remark_company", "remark_mobiles", "remark_pic_mediaid");
        if (fields.stream().noneMatch(request::has)) {
            throw ApiError.invalid("nothing to change");
        }
        String remark = request.has("remark") ? limited(request.text("remark"), "remark", 20) : relation.remark();
        String description = request.has("description")
                ? limited(request.text("description"), "description", 150)
                : relation.description();
        String corpName = request.has("remark_company")
                ? limited(request.text("remark_company"), "remark_company", 20)
                : relation.remarkCorpName();
        List<String> mobiles = request.has("remark_mobiles")
                ? mobiles(request.body().get("remark_mobiles"))
                : relation.remarkMobiles();
        corp.customers().putRelation(relation.withRemark(remark, description, corpName, mobiles));
        return Json.object();
    }

    private static List<String> mobiles(JsonNode node) {
        if (node.isString()) {
            return node.stringValue().isEmpty() ? List.of() : List.of(node.stringValue());
        }
        if (!node.isArray()) {
            throw ApiError.invalid("remark_mobiles must be an array");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isString()) {
                throw ApiError.invalid("remark_mobiles must hold strings");
            }
            if (!item.stringValue().isEmpty()) {
                out.add(item.stringValue());
            }
        }
        return out;
    }

    static ExternalContact customer(CorpState corp, String externalUserId) {
        return corp.customers()
                .customer(externalUserId)
                .orElseThrow(() -> new ApiError(ErrCode.INVALID_EXTERNAL_USERID, "no customer " + externalUserId));
    }

    static String limited(String value, String field, int maxCharacters) {
        if (ApiRequest.characters(value) > maxCharacters) {
            throw ApiError.invalid(field + " is longer than " + maxCharacters + " characters");
        }
        return value;
    }
}
