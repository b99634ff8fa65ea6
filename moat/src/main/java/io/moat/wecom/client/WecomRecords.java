package io.moat.wecom.client;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** WeCom's objects as the rest of the adapter sees them: plain values, no WxJava types. */
public final class WecomRecords {

    private WecomRecords() {}

    public record Department(long id, String name, @Nullable Long parentId) {}

    public record Staff(String userId, String name, List<Long> departments, int status) {}

    public record Follow(
            String userId,
            @Nullable String remark,
            @Nullable String description,
            @Nullable String state,
            @Nullable Integer addWay,
            @Nullable String operUserId,
            @Nullable Instant addedAt,
            List<String> tagIds,
            List<String> remarkMobiles) {}

    public record Contact(
            String externalUserId,
            String name,
            int type,
            int gender,
            @Nullable String unionid,
            @Nullable String avatar,
            @Nullable String corpName,
            List<Follow> follows) {}

    /** One page of contacts with one follow relation each, as batch/get_by_user returns them. */
    public record ContactPage(
            List<Contact> contacts, @Nullable String nextCursor) {}

    public record CorpTag(String tagId, String groupId, String groupName, String name, long order, boolean deleted) {}

    public record GroupRef(String chatId, int status) {}

    public record GroupPage(List<GroupRef> groups, @Nullable String nextCursor) {}

    public record GroupMember(
            String memberId,
            int type,
            @Nullable Instant joinedAt,
            int joinScene,
            @Nullable String invitor,
            @Nullable String state,
            @Nullable String groupNickname,
            @Nullable String name) {}

    public record Group(
            String chatId,
            String name,
            @Nullable String owner,
            @Nullable Instant createdAt,
            @Nullable String notice,
            @Nullable String memberVersion,
            List<GroupMember> members,
            List<String> admins) {}

    /** A group join way (「加入群聊」) as WeCom keeps it: its groups grow when WeCom opens a new one for it. */
    public record JoinWay(
            String configId,
            @Nullable String qrCode,
            List<String> chatIds,
            @Nullable String state) {}

    /** One owner's groupchat/statistic figures over the asked days. */
    public record GroupStatistic(
            String owner,
            long newChatCnt,
            long chatTotal,
            long chatHasMsg,
            long newMemberCnt,
            long memberTotal,
            long memberHasMsg,
            long msgTotal) {}

    public record ContactWay(String configId, @Nullable String qrCode) {}

    /** A created mass-send task: its msgid and the recipients WeCom refused at once. */
    public record MassTask(String msgId, List<String> failList) {}

    /** A sender's task: status 0 not sent, 2 sent; {@code sentAt} once sent. */
    public record MassTaskStatus(int status, @Nullable Instant sentAt) {}

    /** One recipient of a sender's task, a customer or a group. */
    public record MassRecipient(
            @Nullable String externalUserId,
            @Nullable String chatId,
            int status,
            @Nullable Instant sentAt) {}

    /** A mass message as get_groupmsg_list_v2 lists it. */
    public record MassMessageRef(String msgId, String text) {}
    /** A welcome or mass message attachment. */
    public sealed interface Attachment {
        record Image(String picUrl) implements Attachment {}

        record Link(
                String title,
                String url,
                @Nullable String picUrl,
                @Nullable String desc) implements Attachment {}

        record MiniProgram(String title, String appId, String page, String picMediaId) implements Attachment {}
    }

    /** A finished {@code add_moment_task} job: WeCom's errcode, the moment's id (when created), refused senders. */
    public record MomentJob(int errcode, @Nullable String momentId, List<String> invalidSenders) {}
}
