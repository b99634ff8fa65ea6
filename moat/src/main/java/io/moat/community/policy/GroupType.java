package io.moat.community.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a group is for (引流群, 福利群, 快闪群, VIP 群, 服务群); policies are set per type. */
public enum GroupType {
    TRAFFIC,
    WELFARE,
    FLASH,
    VIP,
    SERVICE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<GroupType> ofCode(String code) {
        return Arrays.stream(values()).filter(t -> t.code().equals(code)).findFirst();
    }
}
