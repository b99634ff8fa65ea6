package io.moat.wecomsim.groups;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The corp's customer groups. Callers hold the corp's lock. */
public final class GroupChats {

    private final Map<String, GroupChat> chats = new LinkedHashMap<>();
    private final List<GroupChange> history = new ArrayList<>();
    private long nextSeq = 1;

    /** Keeps a change for the statistics; scenes call it whenever they change a group. */
    public void record(GroupChange change) {
        history.add(change);
    }

    /** Every change in the order it happened. */
    public List<GroupChange> history() {
        return Collections.unmodifiableList(history);
    }

    public long nextSeq() {
        return nextSeq++;
    }

    public void add(GroupChat chat) {
        chats.put(chat.chatId(), chat);
    }

    /** Only groups that still exist: a dismissed group is gone for the API. */
    public Optional<GroupChat> live(String chatId) {
        return Optional.ofNullable(chatId == null ? null : chats.get(chatId)).filter(c -> !c.dismissed());
    }

    /** Live groups in creation order. */
    public List<GroupChat> allLive() {
        return chats.values().stream().filter(c -> !c.dismissed()).toList();
    }
}
