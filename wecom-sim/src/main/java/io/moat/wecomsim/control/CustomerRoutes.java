package io.moat.wecomsim.control;

import io.moat.wecomsim.callbacks.CallbackEvent;
import io.moat.wecomsim.contacts.ContactWay;
import io.moat.wecomsim.contacts.ExternalContact;
import io.moat.wecomsim.contacts.FollowRelation;
import io.moat.wecomsim.contacts.RelationChange;
import io.moat.wecomsim.contacts.Staff;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.welcome.WelcomeCode;
import io.moat.wecomsim.world.CorpState;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Virtual customers and what members do to them in the WeCom client. Each pushes the change_external_contact event
 * WeCom would push.
 */
public final class CustomerRoutes implements ControlRoute.Group {

    @Override
    public void register(ControlRoutes routes) {
        routes.post("/sim/corps/{corpId}/scan", this::scan);
        routes.post("/sim/corps/{corpId}/customers/{externalUserId}/delete-staff", this::customerDeletesStaff);
        routes.post("/sim/corps/{corpId}/staff/{userid}/delete-customer", this::staffDeletesCustomer);
        routes.post("/sim/corps/{corpId}/staff/{userid}/edit-customer", this::staffEditsCustomer);
    }

    /**
     * A customer scans a contact way: the way picks the member, the customer is found (by the given id or unionid)
     * or created, the follow relation is made with the way's state, and add_external_contact is pushed with a fresh
     * welcome code. A customer who already follows that member triggers nothing, as in WeCom.
     */
    private ControlAnswer scan(ControlRequest request) {
        CorpState corp = request.corp();
        String configId = request.requiredText("configId");
        JsonNode customerSpec = request.body().path("customer");
        synchronized (corp) {
            ContactWay way = corp.contactWays()
                    .find(configId)
                    .orElseThrow(() -> ControlError.notFound("no contact way " + configId));
            Optional<ExternalContact> known = knownCustomer(corp, request, customerSpec);
            return ControlAnswer.ok(scan(corp, way, known, customerSpec));
        }
    }

    /** A scan of a contact way by a known customer or, when empty, by a new one described by {@code spec}. */
    static ObjectNode scan(CorpState corp, ContactWay way, Optional<ExternalContact> known, JsonNode spec) {
        Staff receiver = corp.contactWays()
                .nextReceiver(way, corp.directory())
                .orElseThrow(() -> ControlError.conflict("contact way " + way.configId() + " has no active member"));
        ExternalContact customer = known.orElseGet(() -> newCustomer(corp, spec));
        ObjectNode answer = Json.object()
                .put("externalUserId", customer.externalUserId())
                .put("userId", receiver.userid())
                .put("state", way.state());
        if (corp.customers()
                .relation(receiver.userid(), customer.externalUserId())
                .isPresent()) {
            return answer.putNull("welcomeCode").put("alreadyFollowing", true);
        }
        corp.customers()
                .putRelation(new FollowRelation(
                        corp.customers().nextSeq(),
                        receiver.userid(),
                        customer.externalUserId(),
                        "",
                        "",
                        corp.epochSecond(),
                        List.of(),
                        "",
                        List.of(),
                        FollowRelation.ADD_WAY_QR_CODE,
                        customer.externalUserId(),
                        way.state()));
        corp.customers()
                .record(new RelationChange(
                        corp.now(),
                        receiver.userid(),
                        customer.externalUserId(),
                        RelationChange.Kind.ADDED_BY_CUSTOMER));
        String code = corp.ids().welcomeCode();
        corp.welcomeCodes()
                .issue(new WelcomeCode(code, receiver.userid(), customer.externalUserId(), corp.now(), false));
        CallbackEvent added =
                CallbackEvent.addExternalContact(receiver.userid(), customer.externalUserId(), way.state(), code);
        double halfShare = corp.knobs().halfAddShare();
        boolean half = halfShare > 0 && corp.random("half").nextDouble() < halfShare;
        corp.emit(half ? added.as("add_half_external_contact") : added);
        return answer.put("welcomeCode", code).put("alreadyFollowing", false).put("half", half);
    }

    /** The customer named by id, or the one with the same unionid; empty for a WeChat user new to the corp. */
    private static Optional<ExternalContact> knownCustomer(CorpState corp, ControlRequest request, JsonNode spec) {
        Optional<String> existingId = request.text("existingExternalUserId");
        if (existingId.isPresent()) {
            return Optional.of(corp.customers()
                    .customer(existingId.get())
                    .orElseThrow(() -> ControlError.notFound("no customer " + existingId.get())));
        }
        if (!spec.isObject()) {
            throw ControlError.badRequest("customer is required unless existingExternalUserId is given");
        }
        return corp.customers().byUnionid(ControlRequest.text(spec, "unionid").orElse(""));
    }

    private static ExternalContact newCustomer(CorpState corp, JsonNode spec) {
        JsonNode gender = spec.path("gender");
        ExternalContact created = new ExternalContact(
                corp.ids().externalUserId(),
                ControlRequest.text(spec, "name").orElse("微信用户"),
                ExternalContact.WECHAT_USER,
                corp.ids().avatarUrl(),
                gender.isIntegralNumber() ? gender.intValue() : 0,
                ControlRequest.text(spec, "unionid").orElse(""));
        corp.customers().putCustomer(created);
        return created;
    }

    /** The customer deletes the member: the relation ends and del_follow_user is pushed. */
    private ControlAnswer customerDeletesStaff(ControlRequest request) {
        CorpState corp = request.corp();
        String externalUserId = request.var("externalUserId");
        String userid = request.requiredText("userid");
        synchronized (corp) {
            FollowRelation relation = relation(corp, userid, externalUserId);
            customerDeletes(corp, relation);
            return ControlAnswer.ok(relationJson(relation));
        }
    }

    static void customerDeletes(CorpState corp, FollowRelation relation) {
        corp.customers().removeRelation(relation.userid(), relation.externalUserId());
        corp.customers()
                .record(new RelationChange(
                        corp.now(),
                        relation.userid(),
                        relation.externalUserId(),
                        RelationChange.Kind.DELETED_BY_CUSTOMER));
        corp.emit(CallbackEvent.contactPair("del_follow_user", relation.userid(), relation.externalUserId()));
    }

    /** The member deletes the customer in the client: the relation ends and del_external_contact is pushed. */
    private ControlAnswer staffDeletesCustomer(ControlRequest request) {
        CorpState corp = request.corp();
        String userid = request.var("userid");
        String externalUserId = request.requiredText("externalUserId");
        synchronized (corp) {
            FollowRelation relation = relation(corp, userid, externalUserId);
            corp.customers().removeRelation(userid, externalUserId);
            corp.customers()
                    .record(new RelationChange(
                            corp.now(), userid, externalUserId, RelationChange.Kind.DELETED_BY_STAFF));
            corp.emit(CallbackEvent.contactPair("del_external_contact", userid, externalUserId));
            return ControlAnswer.ok(relationJson(relation));
        }
    }

    /** The member edits remark, description, mobiles or tags in the client: edit_external_contact is pushed. */
    private ControlAnswer staffEditsCustomer(ControlRequest request) {
        CorpState corp = request.corp();
        String userid = request.var("userid");
        String externalUserId = request.requiredText("externalUserId");
        synchronized (corp) {
            FollowRelation relation = relation(corp, userid, externalUserId);
            List<String> addTags = request.texts("addTagIds");
            List<String> removeTags = request.texts("removeTagIds");
            for (String tagId : addTags) {
                corp.tags().tag(tagId).orElseThrow(() -> ControlError.badRequest("no corp tag " + tagId));
            }
            FollowRelation edited = relation.withRemark(
                            request.text("remark").orElse(relation.remark()),
                            request.text("description").orElse(relation.description()),
                            relation.remarkCorpName(),
                            request.has("remarkMobiles") ? request.texts("remarkMobiles") : relation.remarkMobiles())
                    .withTags(addTags, removeTags);
            corp.customers().putRelation(edited);
            corp.emit(CallbackEvent.contactPair("edit_external_contact", userid, externalUserId));
            return ControlAnswer.ok(relationJson(edited));
        }
    }

    private static FollowRelation relation(CorpState corp, String userid, String externalUserId) {
        return corp.customers()
                .relation(userid, externalUserId)
                .orElseThrow(() -> ControlError.notFound(userid + " does not follow " + externalUserId));
    }

    private static ObjectNode relationJson(FollowRelation relation) {
        ObjectNode json = Json.object()
                .put("userId", relation.userid())
                .put("externalUserId", relation.externalUserId())
                .put("remark", relation.remark())
                .put("description", relation.description())
                .put("state", relation.state());
        relation.remarkMobiles().forEach(json.putArray("remarkMobiles")::add);
        relation.tagIds().forEach(json.putArray("tagIds")::add);
        return json;
    }
}
