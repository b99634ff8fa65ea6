package io.moat.wecomsim.transfer;

import static io.moat.wecomsim.callbacks.EventField.text;

import io.moat.wecomsim.callbacks.CallbackEvent;
import io.moat.wecomsim.contacts.CustomerBook;
import io.moat.wecomsim.contacts.FollowRelation;
import io.moat.wecomsim.contacts.RelationChange;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.welcome.Delivery;
import io.moat.wecomsim.world.CorpState;
import io.moat.wecomsim.world.Due;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What happens when a handover's 24 hours are up: the customer may refuse (on-job only, knob transferRefusal), the
 * takeover member may be full (knob staffCustomerCap), else the relation moves. An on-job handover ends the old
 * relation with del_external_contact carrying Source DELETE_BY_TRANSFER; failures push transfer_fail with the
 * takeover member as UserID.
 */
public final class TransferSettlement {

    /** add_way of a relation given by an admin or leader (管理员/负责人分配). */
    static final int ADD_WAY_ASSIGNED = 202;

    private TransferSettlement() {}

    /** The earliest handover whose 24 hours are up, if any. */
    public static Optional<Due> next(CorpState corp) {
        return corp.transfers().due(corp.now()).stream()
                .findFirst()
                .map(handover -> new Due(handover.takeoverTime(), () -> settle(corp, handover)));
    }

    private static void settle(CorpState corp, Handover handover) {
        CustomerBook book = corp.customers();
        Optional<FollowRelation> old = book.relation(handover.handoverUserid(), handover.externalUserId());
        boolean alreadyFollows = book.relation(handover.takeoverUserid(), handover.externalUserId())
                .isPresent();
        // Drawn for every on-job handover, refused or not, so one outcome does not shift the next.
        boolean refuses = handover.kind() == Handover.Kind.ON_JOB
                && corp.random("transfers").nextDouble() < corp.knobs().transferRefusal();
        if (old.isEmpty()) {
            handover.settle(Handover.NO_RECORD);
        } else if (refuses) {
            handover.settle(Handover.REFUSED);
            corp.emit(failure("customer_refused", handover));
        } else if (!alreadyFollows
                && book.countOf(handover.takeoverUserid()) >= corp.knobs().staffCustomerCap()) {
            handover.settle(Handover.LIMIT_EXCEEDED);
            corp.emit(failure("customer_limit_exceed", handover));
        } else {
            handover.settle(Handover.TAKEN_OVER);
            move(corp, handover, old.get(), alreadyFollows);
        }
    }

    private static void move(CorpState corp, Handover handover, FollowRelation old, boolean alreadyFollows) {
        CustomerBook book = corp.customers();
        Instant at = handover.takeoverTime();
        String customer = handover.externalUserId();
        if (!alreadyFollows) {
            book.putRelation(new FollowRelation(
                    book.nextSeq(),
                    handover.takeoverUserid(),
                    customer,
                    old.remark(),
                    old.description(),
                    at.getEpochSecond(),
                    old.tagIds(),
                    old.remarkCorpName(),
                    old.remarkMobiles(),
                    ADD_WAY_ASSIGNED,
                    handover.handoverUserid(),
                    old.state()));
            book.record(
                    new RelationChange(at, handover.takeoverUserid(), customer, RelationChange.Kind.TRANSFERRED_IN));
            corp.emit(CallbackEvent.addExternalContact(handover.takeoverUserid(), customer, old.state(), ""));
        }
        book.removeRelation(handover.handoverUserid(), customer);
        book.record(new RelationChange(at, handover.handoverUserid(), customer, RelationChange.Kind.TRANSFERRED_OUT));
        if (handover.kind() == Handover.Kind.ON_JOB) {
            corp.emit(CallbackEvent.externalContact(
                    "del_external_contact",
                    List.of(
                            text("UserID", handover.handoverUserid()),
                            text("ExternalUserID", customer),
                            text("Source", "DELETE_BY_TRANSFER"))));
        }
        if (!handover.successMessage().isEmpty()) {
            corp.deliveries()
                    .record(new Delivery(
                            corp.deliveries().nextSeq(),
                            "transfer_msg",
                            handover.takeoverUserid(),
                            customer,
                            "",
                            handover.successMessage(),
                            Json.array(),
                            at));
        }
    }

    private static CallbackEvent failure(String reason, Handover handover) {
        return CallbackEvent.externalContact(
                "transfer_fail",
                List.of(
                        text("FailReason", reason),
                        text("UserID", handover.takeoverUserid()),
                        text("ExternalUserID", handover.externalUserId())));
    }
}
