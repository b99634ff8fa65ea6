package io.moat.customers.value;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Why a customer has their loyalty type, as a stable code with whole-number parameters, so the console can say it in
 * any language and nothing downstream parses prose. The codes and their parameters are listed in docs/metrics.md
 * ("Loyalty reason codes"); {@link #toString()} writes {@code code{name:value,…}} in a fixed parameter order.
 */
public record LoyaltyReason(String code, Map<String, Long> params) {

    /** At most one counting order. */
    public static final String FEW_ORDERS = "few_orders";
    /** A counting order in each of the last months, and buyers referred. */
    public static final String MONTHLY_ORDERS_WITH_REFERRALS = "monthly_orders_with_referrals";
    /** Every order on a deal, small baskets, nobody referred. */
    public static final String DEAL_ORDERS_SMALL_BASKETS = "deal_orders_small_baskets";
    /** No refunds, every repurchase long after the one before. */
    public static final String SPACED_REPURCHASES = "spaced_repurchases";
    /** Fits none of the four types. */
    public static final String NO_TYPE_FITS = "no_type_fits";

    public LoyaltyReason {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** A reason from alternating names and values, kept in that order. */
    static LoyaltyReason of(String code, Object... pairs) {
        Map<String, Long> params = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.put((String) pairs[i], ((Number) pairs[i + 1]).longValue());
        }
        return new LoyaltyReason(code, params);
    }

    /** The parameters as a JSON object (names are identifiers, values whole numbers: nothing to escape). */
    public String paramsJson() {
        return params.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    @Override
    public String toString() {
        return code
                + params.entrySet().stream()
                        .map(e -> e.getKey() + ":" + e.getValue())
                        .collect(Collectors.joining(",", "{", "}"));
    }
}
