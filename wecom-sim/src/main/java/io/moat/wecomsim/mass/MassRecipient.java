package io.moat.wecomsim.mass;

/**
 * One customer (single) or one group (group) a mass message is for, and what became of it. Status follows
 * get_groupmsg_send_result: 0 not sent, 1 sent, 2 failed because the customer is no longer a friend (or the group
 * is gone), 3 failed because the customer already received the allowed number of mass messages.
 */
public record MassRecipient(String externalUserId, String chatId, String userid, int status, long sendTime) {

    public static final int UNSENT = 0;
    public static final int SENT = 1;
    public static final int NOT_FRIEND = 2;
    public static final int OVER_CAP = 3;

    public static MassRecipient customer(String externalUserId, String userid) {
        return new MassRecipient(externalUserId, "", userid, UNSENT, 0);
    }

    public static MassRecipient group(String chatId, String userid) {
        return new MassRecipient("", chatId, userid, UNSENT, 0);
    }

    public boolean isGroup() {
        return !chatId.isEmpty();
    }

    public MassRecipient settled(int newStatus, long at) {
        return new MassRecipient(externalUserId, chatId, userid, newStatus, newStatus == SENT ? at : 0);
    }
}
