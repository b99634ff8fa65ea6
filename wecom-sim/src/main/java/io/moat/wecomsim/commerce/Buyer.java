package io.moat.wecomsim.commerce;

/**
 * Who placed an order as the marketplace knows them. unionid is the WeChat identity shared with WeCom, empty for
 * buyers who are nobody's customer; it is what lets order-to-fan matching be tested.
 *
 * @param openId Taobao's buyer_open_uid
 * @param phone the receiver's mobile, plain; the export masks most of them
 */
public record Buyer(String nick, String openId, String unionid, String name, String phone) {}
