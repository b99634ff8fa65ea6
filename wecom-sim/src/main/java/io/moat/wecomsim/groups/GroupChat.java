package io.moat.wecomsim.groups;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A customer group (客户群). member_version changes on every membership change, which is what lets a receiver of
 * LastMemVer/CurMemVer notice a missed event. Callers hold the corp's lock.
 */
public final class GroupChat {

    /** status in groupchat/list: 0 means the owner is a normal (not departed) member. */
    public static final int STATUS_NORMAL = 0;

    /** A customer group holds at most 500 people. */
    public static final int MAX_MEMBERS = 500;

    private final String chatId;
    private final long seq;
    private final long createTime;
    private final Map<String, GroupMember> members = new LinkedHashMap<>();
    private final List<String> admins = new ArrayList<>();
    private String owner;
    private String name;
    private String notice = "";
    private String memberVersion;
    private boolean dismissed;

    public GroupChat(String chatId, long seq, String owner, String name, long createTime, String memberVersion) {
        this.chatId = chatId;
        this.seq = seq;
        this.owner = owner;
        this.name = name;
        this.createTime = createTime;
        this.memberVersion = memberVersion;
    }

    public String chatId() {
        return chatId;
    }

    public long seq() {
        return seq;
    }

    public String owner() {
        return owner;
    }

    public String name() {
        return name;
    }

    public String notice() {
        return notice;
    }

    public long createTime() {
        return createTime;
    }

    public String memberVersion() {
        return memberVersion;
    }

    public boolean dismissed() {
        return dismissed;
    }

    public List<GroupMember> members() {
        return List.copyOf(members.values());
    }

    public List<String> admins() {
        return List.copyOf(admins);
    }

    /** Replaces the admin list (the owner's 「群管理员」 setting in the client); WeCom pushes no event for it. */
    public void setAdmins(List<String> userids) {
        admins.clear();
        admins.addAll(userids);
    }

    public boolean full() {
        return members.size() >= MAX_MEMBERS;
    }

    public boolean hasMember(String id) {
        return members.containsKey(id);
    }

    /** Adds members not yet in the group; returns the ids actually added. */
    public List<String> join(Collection<GroupMember> joining, String newVersion) {
        List<String> added = new ArrayList<>();
        for (GroupMember member : joining) {
            if (members.putIfAbsent(member.userid(), member) == null) {
                added.add(member.userid());
            }
        }
        if (!added.isEmpty()) {
            memberVersion = newVersion;
        }
        return added;
    }

    /** Removes members; returns the ids actually removed. */
    public List<String> quit(Collection<String> ids, String newVersion) {
        List<String> removed = new ArrayList<>();
        for (String id : ids) {
            if (members.remove(id) != null) {
                removed.add(id);
                admins.remove(id);
            }
        }
        if (!removed.isEmpty()) {
            memberVersion = newVersion;
        }
        return removed;
    }

    public void rename(String newName) {
        this.name = newName;
    }

    public void changeNotice(String newNotice) {
        this.notice = newNotice;
    }

    public void changeOwner(String newOwner) {
        this.owner = newOwner;
    }

    public void dismiss() {
        this.dismissed = true;
    }
}
