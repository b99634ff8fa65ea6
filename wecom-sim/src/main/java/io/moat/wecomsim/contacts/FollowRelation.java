package io.moat.wecomsim.contacts;

import java.util.ArrayList;
import java.util.List;

/**
 * One member following one customer (follow_user), the unit that remarks, tags and states belong to.
 *
 * @param seq creation order within the corp; paging cursors point at it so pages stay stable while others change
 * @param tagIds corp tag ids in the order they were put on
 */
public record FollowRelation(
        long seq,
        String userid,
        String externalUserId,
        String remark,
        String description,
        long createtime,
        List<String> tagIds,
        String remarkCorpName,
        List<String> remarkMobiles,
        int addWay,
        String operUserid,
        String state) {

    /** add_way for a customer who scanned a QR code (联系我). */
    public static final int ADD_WAY_QR_CODE = 1;

    public FollowRelation {
        tagIds = List.copyOf(tagIds);
        remarkMobiles = List.copyOf(remarkMobiles);
        remark = remark == null ? "" : remark;
        description = description == null ? "" : description;
        remarkCorpName = remarkCorpName == null ? "" : remarkCorpName;
        state = state == null ? "" : state;
    }

    public FollowRelation withRemark(
            String newRemark, String newDescription, String newCorpName, List<String> mobiles) {
        return new FollowRelation(
                seq,
                userid,
                externalUserId,
                newRemark,
                newDescription,
                createtime,
                tagIds,
                newCorpName,
                mobiles,
                addWay,
                operUserid,
                state);
    }

    public FollowRelation withTags(List<String> added, List<String> removed) {
        List<String> tags = new ArrayList<>(tagIds);
        tags.removeAll(removed);
        for (String tag : added) {
            if (!tags.contains(tag)) {
                tags.add(tag);
            }
        }
        return new FollowRelation(
                seq,
                userid,
                externalUserId,
                remark,
                description,
                createtime,
                tags,
                remarkCorpName,
                remarkMobiles,
                addWay,
                operUserid,
                state);
    }
}
