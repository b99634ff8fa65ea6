package io.moat.customers.value;

/**
 * The eight RFM segments operators know as 重要价值 … 一般挽留 (high or low recency, frequency, monetary).
 */
public enum RfmSegment {
    /** 重要价值客户: recent, frequent, high spend. */
    CHAMPIONS,
    /** 重要发展客户: recent, infrequent, high spend. */
    PROMISING_BIG_SPENDERS,
    /** 重要保持客户: not recent, frequent, high spend. */
    AT_RISK_LOYALISTS,
    /** 重要挽留客户: not recent, infrequent, high spend. */
    CANT_LOSE,
    /** 一般价值客户: recent, frequent, low spend. */
    LOYAL_LOW_SPENDERS,
    /** 一般发展客户: recent, infrequent, low spend. */
    NEW_OR_OCCASIONAL,
    /** 一般保持客户: not recent, frequent, low spend. */
    FADING_REGULARS,
    /** 一般挽留客户: not recent, infrequent, low spend. */
    HIBERNATING
}
