package io.moat.acquisition.internal;

import java.util.List;

/** Where a channel code is placed, and the fields each kind needs to be told apart in reports. */
public enum ChannelKind {
    PACKAGE_CARD("package_card", List.of("shop")),
    OFFICIAL_ACCOUNT("official_account", List.of("account", "placement")),
    MINI_PROGRAM("mini_program", List.of("appId", "placement")),
    CHANNELS_LIVE("channels_live", List.of("account", "placement")),
    SMS("sms", List.of("audience")),
    OFFLINE("offline", List.of("location")),
    PARTNER("partner", List.of("partner")),
    OTHER("other", List.of());

    private final String code;
    private final List<String> requiredFields;

    ChannelKind(String code, List<String> requiredFields) {
        this.code = code;
        this.requiredFields = requiredFields;
    }

    public String code() {
        return code;
    }

    public List<String> requiredFields() {
        return requiredFields;
    }

    public static ChannelKind of(String code) {
        for (ChannelKind kind : values()) {
            if (kind.code.equals(code)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown channel kind " + code);
    }
}
