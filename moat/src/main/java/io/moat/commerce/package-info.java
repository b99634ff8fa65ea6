/**
 * Products with their roles (traffic, hero, retention, trial, bundle), orders and refunds imported from
 * marketplace exports (Taobao/Tmall, JD, Douyin, Pinduoduo) and webhooks, and the matching of orders to
 * customers (order to fan).
 *
 * <p>Not built yet: the package holds its place in the module graph.
 */
@ApplicationModule(displayName = "Commerce")
@NullMarked
package io.moat.commerce;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
