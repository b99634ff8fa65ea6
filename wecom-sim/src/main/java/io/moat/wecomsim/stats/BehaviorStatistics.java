package io.moat.wecomsim.stats;

import io.moat.wecomsim.archive.ArchivedMessage;
import io.moat.wecomsim.contacts.RelationChange;
import io.moat.wecomsim.world.CorpState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One member's customer-contact behaviour on one day, from the relation history and the one-to-one messages of the
 * archive: new contacts (and the member's own applications), customers who deleted the member, chats and messages
 * the member sent, and how customer-opened chats were answered.
 */
public final class BehaviorStatistics {

    private BehaviorStatistics() {}

    public static Behavior of(CorpState corp, String userid, Instant from, Instant to) {
        long applied = 0;
        long added = 0;
        long negative = 0;
        for (RelationChange change : corp.customers().history()) {
            if (!change.userid().equals(userid)
                    || change.at().isBefore(from)
                    || !change.at().isBefore(to)) {
                continue;
            }
            added += change.kind().added() ? 1 : 0;
            applied += change.kind() == RelationChange.Kind.ADDED_BY_STAFF ? 1 : 0;
            negative += change.kind() == RelationChange.Kind.DELETED_BY_CUSTOMER ? 1 : 0;
        }
        Map<String, List<ArchivedMessage>> chats = chatsOf(corp, userid, from, to);
        long sent = 0;
        Set<String> chattedWith = new HashSet<>();
        long initiated = 0;
        long replied = 0;
        long replySeconds = 0;
        for (Map.Entry<String, List<ArchivedMessage>> chat : chats.entrySet()) {
            List<ArchivedMessage> messages = chat.getValue();
            long own = messages.stream().filter(m -> m.from().equals(userid)).count();
            sent += own;
            if (own > 0) {
                chattedWith.add(chat.getKey());
            }
            ArchivedMessage first = messages.getFirst();
            if (first.from().equals(userid)) {
                continue;
            }
            initiated++;
            var answer = messages.stream().filter(m -> m.from().equals(userid)).findFirst();
            if (answer.isPresent()) {
                replied++;
                replySeconds += (answer.get().msgtime() - first.msgtime()) / 1000;
            }
        }
        return new Behavior(applied, added, chattedWith.size(), sent, negative, initiated, replied, replySeconds);
    }

    /** The member's one-to-one messages in the period, by customer, in order. */
    private static Map<String, List<ArchivedMessage>> chatsOf(CorpState corp, String userid, Instant from, Instant to) {
        Map<String, List<ArchivedMessage>> chats = new LinkedHashMap<>();
        long fromMs = from.toEpochMilli();
        long toMs = to.toEpochMilli();
        for (ArchivedMessage message : corp.archive().all()) {
            if (message.inGroup() || message.msgtime() < fromMs || message.msgtime() >= toMs) {
                continue;
            }
            String customer = message.from().equals(userid)
                    ? message.tolist().getFirst()
                    : message.tolist().contains(userid) ? message.from() : null;
            if (customer != null) {
                chats.computeIfAbsent(customer, c -> new ArrayList<>()).add(message);
            }
        }
        return chats;
    }
}
