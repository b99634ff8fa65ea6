/**
 * Orders and where they come from. It owns the {@code commerce} schema: products with their roles (traffic, hero,
 * retention, trial, bundle), orders ({@code orders}, unique per platform and order number, money in fen, buyer
 * identities with phones sealed and hashed or kept as the masked text the export had) with their lines, and the
 * import jobs ({@code import_job}, {@code import_error}, {@code import_mapping}). Orders arrive from marketplace
 * exports — Taobao/Tmall 订单报表, JD, Douyin 抖店, Youzan, or any CSV/Excel file through a saved header
 * mapping — read in the background in idempotent batches that resume after a stop, and from a JSON batch API.
 * Every committed batch publishes {@link io.moat.commerce.OrdersRecorded} (ids and buyer identities) so the
 * customers module can link buyers to people; {@link io.moat.commerce.OrderQueries} reads orders by id.
 */
@ApplicationModule(
        displayName = "Commerce",
        allowedDependencies = {"shared", "workspace"})
@NullMarked
package io.moat.commerce;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
