package io.moat.wecom;

import io.moat.shared.TenantId;
import java.time.Instant;

/** Corp tags or tag groups were created, updated, deleted or reordered in WeCom's own admin console. */
public record CorpTagsChanged(TenantId tenant, String changeType, String id, String tagType, Instant at) {}
