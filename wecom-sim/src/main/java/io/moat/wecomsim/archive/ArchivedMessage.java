package io.moat.wecomsim.archive;

import java.util.List;

/**
 * One message of the session archive (会话内容存档), in the decrypted shape GetChatData yields (wecom-api.md §9).
 *
 * @param from a member's userid or a customer's external_userid
 * @param roomid the group's chat id, or empty for a one-to-one message
 * @param msgtime milliseconds since the epoch
 */
public record ArchivedMessage(
        long seq,
        String msgid,
        String action,
        String from,
        List<String> tolist,
        String roomid,
        long msgtime,
        String msgtype,
        String content) {

    public ArchivedMessage {
        tolist = List.copyOf(tolist);
    }

    public boolean inGroup() {
        return !roomid.isEmpty();
    }
}
