package io.moat.commerce.order;

import org.jspecify.annotations.Nullable;

/**
 * The buyer as an export or an API call names them. {@code phone} is the text as given: a plain number is sealed
 * and hashed when stored; a masked ({@code 138****1234}), encrypted or virtual one is kept only as that text.
 */
public record Buyer(
        @Nullable String nick,
        @Nullable String openId,
        @Nullable String unionid,
        @Nullable String openid,
        @Nullable String phone) {

    public static Buyer unknown() {
        return new Buyer(null, null, null, null, null);
    }
}
