package io.moat.wecomsim.groups;

/**
 * A member of a customer group. type 1 is a corp member, 2 an external contact. join_scene 1 direct invitation,
 * 2 invitation link, 3 scanned the group QR code. invitor is empty for the owner.
 */
public record GroupMember(
        String userid,
        int type,
        String unionid,
        long joinTime,
        int joinScene,
        String invitor,
        String groupNickname,
        String name,
        String state) {

    public static final int STAFF = 1;
    public static final int EXTERNAL = 2;

    public GroupMember {
        unionid = unionid == null ? "" : unionid;
        invitor = invitor == null ? "" : invitor;
        groupNickname = groupNickname == null ? "" : groupNickname;
        state = state == null ? "" : state;
    }
}
