package io.moat.wecomsim.api;

import io.moat.wecomsim.contacts.FollowRelation;
import io.moat.wecomsim.groups.GroupChat;
import io.moat.wecomsim.mass.MassRecipient;
import io.moat.wecomsim.world.CorpState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Whom add_msg_template reaches: recipients (each with the member who will send to them) and the ids that cannot
 * be sent to ({@code fail_list}).
 */
record MassAudience(List<MassRecipient> recipients, List<String> failed) {

    /**
     * chat_type single. Listed customers go to the sender, or without a sender to the member who last talked with
     * them; unknown customers and customers the sender does not follow fail. Without a list, all of the sender's
     * customers. The tag filter applies to the relation with the chosen member.
     */
    static MassAudience customers(CorpState corp, List<String> externalUserIds, String sender, TagFilter filter) {
        List<MassRecipient> recipients = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        if (externalUserIds.isEmpty()) {
            for (FollowRelation relation : corp.customers().relationsOf(sender)) {
                if (filter.matches(relation.tagIds())) {
                    recipients.add(MassRecipient.customer(relation.externalUserId(), sender));
                }
            }
            return new MassAudience(recipients, failed);
        }
        for (String externalUserId : new LinkedHashSet<>(externalUserIds)) {
            Optional<FollowRelation> relation = sender.isEmpty()
                    ? lastInTouch(corp, externalUserId)
                    : corp.customers().relation(sender, externalUserId);
            if (relation.isEmpty()) {
                failed.add(externalUserId);
            } else if (filter.matches(relation.get().tagIds())) {
                recipients.add(
                        MassRecipient.customer(externalUserId, relation.get().userid()));
            }
        }
        return new MassAudience(recipients, failed);
    }

    /** chat_type group: the listed groups the sender owns, or all of them; other ids fail. */
    static MassAudience groups(CorpState corp, List<String> chatIds, String sender) {
        List<MassRecipient> recipients = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        if (chatIds.isEmpty()) {
            corp.groups().allLive().stream()
                    .filter(chat -> chat.owner().equals(sender))
                    .forEach(chat -> recipients.add(MassRecipient.group(chat.chatId(), sender)));
            return new MassAudience(recipients, failed);
        }
        for (String chatId : new LinkedHashSet<>(chatIds)) {
            boolean owned = corp.groups()
                    .live(chatId)
                    .map(GroupChat::owner)
                    .filter(sender::equals)
                    .isPresent();
            if (owned) {
                recipients.add(MassRecipient.group(chatId, sender));
            } else {
                failed.add(chatId);
            }
        }
        return new MassAudience(recipients, failed);
    }

    /**
     * WeCom hands an enterprise mass message to the member who last chatted with the customer; the simulator takes
     * the member whose last one-to-one message with them is latest, else the most recently added follower.
     */
    private static Optional<FollowRelation> lastInTouch(CorpState corp, String externalUserId) {
        return corp.customers().followersOf(externalUserId).stream()
                .max(Comparator.comparingLong(
                                (FollowRelation r) -> corp.archive().lastOneToOne(r.userid(), externalUserId))
                        .thenComparingLong(FollowRelation::seq));
    }
}
