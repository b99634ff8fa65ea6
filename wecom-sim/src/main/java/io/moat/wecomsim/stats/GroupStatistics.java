package io.moat.wecomsim.stats;

import io.moat.wecomsim.archive.ArchivedMessage;
import io.moat.wecomsim.groups.GroupChange;
import io.moat.wecomsim.world.CorpState;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Group statistics computed from what happened: the group history is replayed up to the end of the period, so
 * totals are those at its end, and new chats, new members and messages are those within it. Each group counts for
 * the owner it has at the end of the period.
 */
public final class GroupStatistics {

    /** One group as the replay leaves it. */
    private static final class Replayed {
        String owner;
        final Set<String> members = new LinkedHashSet<>();
        boolean alive = true;
        long newMembers;
        boolean created;
        long messages;
        final Set<String> speakers = new HashSet<>();
    }

    private GroupStatistics() {}

    /** Counts per owner for the period [from, to). */
    public static Map<String, GroupCounts> byOwner(CorpState corp, Instant from, Instant to) {
        Map<String, Replayed> chats = replay(corp, from, to);
        for (ArchivedMessage message : corp.archive().all()) {
            Replayed chat = chats.get(message.roomid());
            Instant at = Instant.ofEpochMilli(message.msgtime());
            if (chat != null && !at.isBefore(from) && at.isBefore(to)) {
                chat.messages++;
                chat.speakers.add(message.from());
            }
        }
        Map<String, GroupCounts> counts = new HashMap<>();
        for (Replayed chat : chats.values()) {
            GroupCounts one = new GroupCounts(
                    chat.created ? 1 : 0,
                    chat.alive ? 1 : 0,
                    chat.messages > 0 ? 1 : 0,
                    chat.newMembers,
                    chat.alive ? chat.members.size() : 0,
                    chat.speakers.size(),
                    chat.messages);
            counts.merge(chat.owner, one, GroupCounts::plus);
        }
        return counts;
    }

    private static Map<String, Replayed> replay(CorpState corp, Instant from, Instant to) {
        Map<String, Replayed> chats = new HashMap<>();
        for (GroupChange change : corp.groups().history()) {
            if (!change.at().isBefore(to)) {
                break;
            }
            boolean within = !change.at().isBefore(from);
            Replayed chat = chats.computeIfAbsent(change.chatId(), id -> new Replayed());
            switch (change.kind()) {
                case CREATED -> {
                    chat.owner = change.ids().getFirst();
                    chat.members.addAll(change.ids());
                    chat.created = within;
                    chat.newMembers += within ? change.ids().size() - 1 : 0;
                }
                case JOINED -> {
                    chat.members.addAll(change.ids());
                    chat.newMembers += within ? change.ids().size() : 0;
                }
                case QUIT -> chat.members.removeAll(change.ids());
                case DISMISSED -> chat.alive = false;
                case OWNER_CHANGED -> chat.owner = change.ids().getFirst();
            }
        }
        return chats;
    }
}
