package io.moat.wecomsim.stats;

/**
 * What get_user_behavior_data reports for one day, before the percentages are formed.
 *
 * @param initiatedChats chats a customer opened that day (their message came first)
 * @param repliedChats of those, the ones a member answered the same day
 * @param replySeconds the summed time to the first answer of the replied chats
 */
public record Behavior(
        long newApplyCnt,
        long newContactCnt,
        long chatCnt,
        long messageCnt,
        long negativeFeedbackCnt,
        long initiatedChats,
        long repliedChats,
        long replySeconds) {

    public static final Behavior ZERO = new Behavior(0, 0, 0, 0, 0, 0, 0, 0);

    public Behavior plus(Behavior other) {
        return new Behavior(
                newApplyCnt + other.newApplyCnt,
                newContactCnt + other.newContactCnt,
                chatCnt + other.chatCnt,
                messageCnt + other.messageCnt,
                negativeFeedbackCnt + other.negativeFeedbackCnt,
                initiatedChats + other.initiatedChats,
                repliedChats + other.repliedChats,
                replySeconds + other.replySeconds);
    }

    /** 已回复聊天占比, in percent. */
    public double replyPercentage() {
        return initiatedChats == 0 ? 0 : Math.round(repliedChats * 1000.0 / initiatedChats) / 10.0;
    }

    /** 平均首次回复时长, in whole minutes. */
    public long avgReplyMinutes() {
        return repliedChats == 0 ? 0 : Math.round(replySeconds / 60.0 / repliedChats);
    }
}
