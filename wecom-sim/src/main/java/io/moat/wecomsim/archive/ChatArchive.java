package io.moat.wecomsim.archive;

import io.moat.wecomsim.random.RandomStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything said in the corp's groups and one-to-one chats, in order: the feed behind the msgaudit stand-in and
 * the history the statistics endpoints count. Callers hold the corp's lock.
 */
public final class ChatArchive {

    private final RandomStream random;
    private final List<ArchivedMessage> messages = new ArrayList<>();
    private final Map<String, Long> lastOneToOne = new HashMap<>();

    public ChatArchive(RandomStream random) {
        this.random = random;
    }

    /** Records a text message sent now; returns it with its seq and msgid. */
    public ArchivedMessage send(String from, List<String> tolist, String roomid, String content, Instant at) {
        ArchivedMessage message = new ArchivedMessage(
                messages.size() + 1L,
                random.digits(20) + "_" + at.getEpochSecond(),
                "send",
                from,
                tolist,
                roomid,
                at.toEpochMilli(),
                "text",
                content);
        messages.add(message);
        if (!message.inGroup() && tolist.size() == 1) {
            lastOneToOne.put(pair(from, tolist.getFirst()), at.toEpochMilli());
        }
        return message;
    }

    /** Messages with seq greater than {@code afterSeq}, in seq order. */
    public List<ArchivedMessage> after(long afterSeq, int limit) {
        int from = (int) Math.min(Math.max(afterSeq, 0), messages.size());
        return List.copyOf(messages.subList(from, Math.min(messages.size(), from + limit)));
    }

    public List<ArchivedMessage> all() {
        return Collections.unmodifiableList(messages);
    }

    /** When the member and the customer last exchanged a one-to-one message (ms), either way; 0 if never. */
    public long lastOneToOne(String userid, String externalUserId) {
        return Math.max(
                lastOneToOne.getOrDefault(pair(userid, externalUserId), 0L),
                lastOneToOne.getOrDefault(pair(externalUserId, userid), 0L));
    }

    private static String pair(String from, String to) {
        return from + "\n" + to;
    }
}
