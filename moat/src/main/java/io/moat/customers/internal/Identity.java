package io.moat.customers.internal;

/**
 * One way of recognising a person. Certain identities (a WeCom id, a unionid, a phone hash, a marketplace buyer
 * id) merge profiles that share them; probable ones (a nickname) only suggest a merge.
 */
public record Identity(String kind, String value, boolean certain) {

    public static final String EXTERNAL_USERID = "external_userid";
    public static final String UNIONID = "unionid";
    public static final String OPENID = "openid";
    public static final String PHONE_HASH = "phone_hash";
    public static final String BUYER = "buyer";
    public static final String NICK = "nick";

    public static Identity externalUserId(String value) {
        return new Identity(EXTERNAL_USERID, value, true);
    }

    public static Identity unionid(String value) {
        return new Identity(UNIONID, value, true);
    }

    public static Identity phoneHash(String value) {
        return new Identity(PHONE_HASH, value, true);
    }

    /** A marketplace's own buyer id, e.g. {@code taobao:AAGk…} or {@code jd:jd_8z…}. */
    public static Identity buyer(String platform, String id) {
        return new Identity(BUYER, platform + ":" + id, true);
    }

    /** A marketplace nickname: people share and change them, so a match is only probable. */
    public static Identity nick(String platform, String nick) {
        return new Identity(NICK, platform + ":" + nick, false);
    }

    public String confidence() {
        return certain ? "certain" : "probable";
    }
}
