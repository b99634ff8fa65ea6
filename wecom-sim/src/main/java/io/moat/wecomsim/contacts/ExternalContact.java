package io.moat.wecomsim.contacts;

/**
 * A customer (外部联系人) as the corp sees them. Type 1 is a WeChat user, the only kind virtual customers are.
 * Gender follows WeCom: 0 unknown, 1 male, 2 female. unionid is empty unless the scenario gives one.
 */
public record ExternalContact(String externalUserId, String name, int type, String avatar, int gender, String unionid) {

    public static final int WECHAT_USER = 1;

    public ExternalContact {
        unionid = unionid == null ? "" : unionid;
    }
}
