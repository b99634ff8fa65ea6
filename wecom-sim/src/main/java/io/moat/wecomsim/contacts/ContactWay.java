package io.moat.wecomsim.contacts;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A 「联系我」 configuration. Type 1 names exactly one member; type 2 several members and departments, among which
 * scans rotate. {@code state} travels to the add event and the follow relation, which is how channels are attributed.
 *
 * @param extras fields the simulator stores and returns but does not act on (style, temp-chat settings, conclusions)
 */
public record ContactWay(
        String configId,
        int type,
        int scene,
        String remark,
        boolean skipVerify,
        String state,
        List<String> users,
        List<Long> parties,
        String qrCode,
        long createTime,
        ObjectNode extras) {

    public static final int SINGLE = 1;
    public static final int MULTI = 2;
    public static final int SCENE_QR_CODE = 2;

    public ContactWay {
        users = List.copyOf(users);
        parties = List.copyOf(parties);
        remark = remark == null ? "" : remark;
        state = state == null ? "" : state;
    }
}
