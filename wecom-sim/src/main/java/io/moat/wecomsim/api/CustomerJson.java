package io.moat.wecomsim.api;

import io.moat.wecomsim.contacts.ExternalContact;
import io.moat.wecomsim.contacts.FollowRelation;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.tags.TagCatalog;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Customers and follow relations in the shapes externalcontact/get and batch/get_by_user return. */
final class CustomerJson {

    /** type 1 in a follow relation's tags: an enterprise tag. */
    private static final int CORP_TAG = 1;

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

    /** follow_user[] of externalcontact/get: tags with names, as seen by the member. */
    static ObjectNode followUser(FollowRelation relation, TagCatalog catalog) {
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
