/**
 * The points ledger (balances changed by one guarded statement), membership tiers, coupons and the rewards mall.
 *
 * <p>Not built yet: the package holds its place in the module graph.
 */
@ApplicationModule(displayName = "Loyalty")
@NullMarked
package io.moat.loyalty;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
