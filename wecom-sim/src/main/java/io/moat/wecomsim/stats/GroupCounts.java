package io.moat.wecomsim.stats;

/** The figures groupchat/statistic reports for one owner or one day (wecom-api.md §6). */
public record GroupCounts(
        long newChatCnt,
        long chatTotal,
        long chatHasMsg,
        long newMemberCnt,
        long memberTotal,
        long memberHasMsg,
        long msgTotal) {

    public static final GroupCounts ZERO = new GroupCounts(0, 0, 0, 0, 0, 0, 0);

    public GroupCounts plus(GroupCounts other) {
        return new GroupCounts(
                newChatCnt + other.newChatCnt,
                chatTotal + other.chatTotal,
                chatHasMsg + other.chatHasMsg,
                newMemberCnt + other.newMemberCnt,
                memberTotal + other.memberTotal,
                memberHasMsg + other.memberHasMsg,
                msgTotal + other.msgTotal);
    }

    /** order_by of groupchat/statistic: 1 new_chat_cnt … 7 msg_total. */
    public long byOrder(int orderBy) {
        return switch (orderBy) {
            case 2 -> chatTotal;
            case 3 -> chatHasMsg;
            case 4 -> newMemberCnt;
            case 5 -> memberTotal;
            case 6 -> memberHasMsg;
            case 7 -> msgTotal;
            default -> newChatCnt;
        };
    }
}
