package io.moat.commerce;

import java.util.Arrays;
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

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Platform> ofCode(String code) {
        return Arrays.stream(values()).filter(p -> p.code().equals(code)).findFirst();
    }
}
