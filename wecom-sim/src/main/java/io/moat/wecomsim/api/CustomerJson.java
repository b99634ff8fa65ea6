package io.moat.wecomsim.api;

import io.moat.wecomsim.contacts.ExternalContact;
import io.moat.wecomsim.contacts.FollowRelation;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.tags.PersonalTag;
import io.moat.wecomsim.tags.TagCatalog;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Customers and follow relations in the shapes externalcontact/get and batch/get_by_user return. */
final class CustomerJson {

    /** type 1 in a follow relation's tags: an enterprise tag. */
    private static final int CORP_TAG = 1;

    /** type 2: a member's personal tag, which has no tag_id. */
    private static final int PERSONAL_TAG = 2;

    private CustomerJson() {}

    static ObjectNode externalContact(ExternalContact customer) {
        ObjectNode json = Json.object()
                .put("external_userid", customer.externalUserId())
                .put("name", customer.name())
                .put("type", customer.type())
                .put("avatar", customer.avatar())
                .put("gender", customer.gender());
        if (!customer.unionid().isEmpty()) {
            json.put("unionid", customer.unionid());
        }
        return json;
    }

    /** follow_user[] of externalcontact/get: corp tags with names and ids, then the member's personal tags. */
    static ObjectNode followUser(FollowRelation relation, TagCatalog catalog, List<PersonalTag> personal) {
        ObjectNode json = Json.object()
                .put("userid", relation.userid())
                .put("remark", relation.remark())
                .put("description", relation.description())
                .put("createtime", relation.createtime());
        ArrayNode tags = json.putArray("tags");
        for (String tagId : relation.tagIds()) {
            catalog.tag(tagId).ifPresent(located -> tags.addObject()
                    .put("group_name", located.group().groupName())
                    .put("tag_name", located.tag().name())
                    .put("tag_id", tagId)
                    .put("type", CORP_TAG));
        }
        for (PersonalTag tag : personal) {
            tags.addObject()
                    .put("group_name", tag.groupName())
                    .put("tag_name", tag.tagName())
                    .put("type", PERSONAL_TAG);
        }
        return common(json, relation);
    }

    /** follow_info of batch/get_by_user: only tag ids. */
    static ObjectNode followInfo(FollowRelation relation) {
        ObjectNode json = Json.object()
                .put("userid", relation.userid())
                .put("remark", relation.remark())
                .put("description", relation.description())
                .put("createtime", relation.createtime());
        ArrayNode tagIds = json.putArray("tag_id");
        relation.tagIds().forEach(tagIds::add);
        return common(json, relation);
    }

    private static ObjectNode common(ObjectNode json, FollowRelation relation) {
        if (!relation.remarkCorpName().isEmpty()) {
            json.put("remark_corp_name", relation.remarkCorpName());
        }
        ArrayNode mobiles = json.putArray("remark_mobiles");
        relation.remarkMobiles().forEach(mobiles::add);
        json.put("add_way", relation.addWay()).put("oper_userid", relation.operUserid());
        if (!relation.state().isEmpty()) {
            json.put("state", relation.state());
        }
        return json;
    }
}
