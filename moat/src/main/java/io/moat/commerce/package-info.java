/**
 * Orders and where they come from. It owns the {@code commerce} schema: products with their roles (traffic, hero,
 * retention, trial, bundle), orders ({@code orders}, unique per platform and order number, money in fen, buyer
 * identities with phones sealed and hashed or kept as the masked text the export had) with their lines, and the
 * import jobs ({@code import_job}, {@code import_error}, {@code import_mapping}). Orders arrive from marketplace
 * exports — Taobao/Tmall 订单报表, JD, Douyin 抖店, Youzan, or any CSV/Excel file through a saved header
 * mapping — read in the background in idempotent batches that resume after a stop, and from a JSON batch API.
 * Every committed batch publishes {@link io.moat.commerce.OrdersRecorded} (ids and buyer identities) so the
 * customers module can link buyers to people; {@link io.moat.commerce.OrderQueries} reads orders by id.
 *
 * <p>One exception to "the application login writes everything under row-level security": the bulk writer
 * ({@code order.BulkOrderLoad} through {@code order.OrderCopy}) writes the new orders of an import and their lines
 * by binary {@code COPY}, which PostgreSQL refuses into a table under row-level security. For those two copies only,
 * the transaction switches to the login's loader role ({@code <app login>_loader}, migration {@code
 * V20261126_0100}): no login of its own, {@code BYPASSRLS}, and no right but {@code INSERT} on {@code
 * commerce.orders} and {@code commerce.order_line} — it cannot read, change or delete anything. In its place the
 * writer checks that the transaction is scoped to the workspace it loads for and sets every row's {@code tenant_id}
 * itself; {@code BulkOrderLoadTests} checks that a load for one workspace in another's (or an unscoped) transaction
 * writes nothing, and that the role can do nothing but add orders and lines. Why: copying is what makes a large
 * import fast (issue 4, B3); {@code INSERT … SELECT} from staged rows costs a WAL record and the executor's per-row
 * work for every order, and {@code ON CONFLICT} a speculative insertion on top.
 */
@ApplicationModule(
        displayName = "Commerce",
        allowedDependencies = {"shared", "workspace"})
@NullMarked
package io.moat.commerce;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
