package io.moat.wecomsim.groups;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The corp's customer groups. Callers hold the corp's lock. */
public final class GroupChats {

    private final Map<String, GroupChat> chats = new LinkedHashMap<>();
    private long nextSeq = 1;

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
