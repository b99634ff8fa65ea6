package io.moat.customers.value;

/** Where a customer stands, from first contact to lost (docs/metrics.md, "Lifecycle stage"). */
public enum LifecycleStage {
    PROSPECT,
    NEW_FAN,
    FIRST_ORDER,
    REPEAT_BUYER,
    ACTIVE,
    DORMANT,
    LOST
}
