package io.moat.tags;

import io.moat.shared.TenantId;
import java.util.List;

/** Tags were deleted, and every assignment of them with them. */
public record TagsDeleted(TenantId tenant, List<Long> tagIds) {
    public TagsDeleted {
        tagIds = List.copyOf(tagIds);
    }
}
