package io.moat.wecomsim.mass;

import io.moat.wecomsim.groups.GroupChat;
import io.moat.wecomsim.welcome.Delivery;
import io.moat.wecomsim.world.CorpState;
import io.moat.wecomsim.world.Due;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A sender confirming a mass message: each recipient is checked at that moment (still a friend? group still
 * there? receive cap left?) and the message is delivered to those that pass. This is where status 2 and 3 of
 * get_groupmsg_send_result come from.
 */
public final class MassDispatch {

    private MassDispatch() {}

    /** The earliest confirmation of a virtual member whose moment has passed, if any. */
    public static Optional<Due> next(CorpState corp) {
        return corp.massMessages()
                .firstDue(corp.now())
                .map(due -> new Due(due.at(), () -> confirm(corp, due.message(), due.task(), due.at())));
    }

    public static void confirm(CorpState corp, MassMessage message, MassTask task, Instant at) {
        ReceiveCap cap = corp.knobs().massReceiveCap();
        ReceiveLedger ledger = corp.massMessages().ledger();
        List<MassRecipient> outcomes = new ArrayList<>();
        for (MassRecipient recipient : task.recipients()) {
            String key = recipient.isGroup()
                    ? ReceiveLedger.groupKey(recipient.chatId())
                    : ReceiveLedger.customerKey(recipient.externalUserId());
            int status;
            if (!reachable(corp, recipient)) {
                status = MassRecipient.NOT_FRIEND;
            } else if (ledger.full(key, cap.windowAt(at))) {
                status = MassRecipient.OVER_CAP;
            } else {
                status = MassRecipient.SENT;
                ledger.record(key, at);
                deliver(corp, message, recipient, at);
            }
            outcomes.add(recipient.settled(status, at.getEpochSecond()));
        }
        task.confirmed(at.getEpochSecond(), outcomes);
    }

    private static boolean reachable(CorpState corp, MassRecipient recipient) {
        if (recipient.isGroup()) {
            return corp.groups()
                    .live(recipient.chatId())
                    .map(GroupChat::owner)
                    .filter(recipient.userid()::equals)
                    .isPresent();
        }
        return corp.customers()
                .relation(recipient.userid(), recipient.externalUserId())
                .isPresent();
    }

    private static void deliver(CorpState corp, MassMessage message, MassRecipient recipient, Instant at) {
        corp.deliveries()
                .record(new Delivery(
                        corp.deliveries().nextSeq(),
                        "mass",
                        recipient.userid(),
                        recipient.externalUserId(),
                        recipient.chatId(),
                        message.text(),
                        message.attachments(),
                        at));
        if (message.text().isEmpty()) {
            return;
        }
        // What a member sends is in the session archive like anything else they say.
        List<String> to = recipient.isGroup()
                ? corp.groups().live(recipient.chatId()).stream()
                        .flatMap(chat -> chat.members().stream())
                        .map(member -> member.userid())
                        .filter(id -> !id.equals(recipient.userid()))
                        .toList()
                : List.of(recipient.externalUserId());
        corp.archive().send(recipient.userid(), to, recipient.chatId(), message.text(), at);
    }
}
