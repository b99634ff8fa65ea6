package io.moat.commerce;

import org.jspecify.annotations.Nullable;

/**
 * Who bought, as far as the order tells: the marketplace nick and buyer id (Taobao open uid, JD pin, Douyin or
 * Youzan open id), WeChat ids when the shop is on WeChat, and the keyed hash of the phone when the phone was
 * plain (a masked or encrypted phone cannot be matched and has no hash).
 */
public record BuyerIdentity(
        @Nullable String nick,
        @Nullable String openId,
        @Nullable String unionid,
        @Nullable String openid,
        @Nullable String phoneHash) {}
