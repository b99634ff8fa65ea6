package io.moat.customers.value;

/** The group handbook's four customer types (docs/metrics.md, "Loyalty type"), and none of them. */
public enum LoyaltyType {
    /** 忠实型: buys every month and has brought at least one buyer. */
    LOYAL,
    /** 羊毛型: buys only on deals, small baskets, never refers. */
    BARGAIN_HUNTER,
    /** 需求型: satisfied, returns when the need comes back, not within three months. */
    NEED_DRIVEN,
    /** 低需求: one purchase or none. */
    LOW_NEED,
    /** Fits none of the four. */
    UNCLASSIFIED
}
