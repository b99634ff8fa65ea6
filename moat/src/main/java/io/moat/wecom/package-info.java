/**
 * The WeCom adapter, the only module that speaks WeCom's wire formats. It owns the {@code wecom} schema: each
 * workspace's corp configuration (secrets sealed at rest), the callback inbox, and the mirror of what WeCom knows
 * (departments, staff, external contacts with their follow relations, corp tags, customer groups and members)
 * with the record of sync runs. The callback endpoint verifies, decrypts, de-duplicates and stores each event,
 * answers {@code success} at once, and processes it asynchronously into domain events ({@link
 * io.moat.wecom.CustomerAdded}, {@link io.moat.wecom.CustomerRemoved}, {@link io.moat.wecom.StaffDeletedByCustomer},
 * {@link io.moat.wecom.GroupCreated}, {@link io.moat.wecom.MembersJoined}, {@link io.moat.wecom.MembersLeft},
 * {@link io.moat.wecom.GroupDismissed}, {@link io.moat.wecom.CorpTagsChanged}, …). The API client (on WxJava)
 * caches tokens per app, retries transient errors with backoff and keeps calls under WeCom's per-API limits.
 */
@ApplicationModule(
        displayName = "WeCom adapter",
        allowedDependencies = {"shared", "workspace"})
@NullMarked
package io.moat.wecom;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
