package io.moat.commerce;

import java.util.Locale;
import java.util.Optional;

/** The marketplace or shop system an order was placed on; an order number is unique only within one. */
public enum Platform {
    TAOBAO,
    TMALL,
    JD,
    DOUYIN,
    YOUZAN,
    PDD,
    OTHER;

    /*
     * The code is asked for once per order written and per order read back (a bulk load of millions), so it is
     * computed once here instead of lower-casing the name on every call.
     */
    private final String code = name().toLowerCase(Locale.ROOT);

    private static final Platform[] ALL = values();

    public String code() {
        return code;
    }

    public static Optional<Platform> ofCode(String code) {
        for (Platform platform : ALL) {
            if (platform.code.equals(code)) {
                return Optional.of(platform);
            }
        }
        return Optional.empty();
    }
}
