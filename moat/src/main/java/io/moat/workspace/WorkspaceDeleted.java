package io.moat.workspace;

import io.moat.shared.TenantId;

/** A workspace was deleted by its owner; its data is no longer served. */
public record WorkspaceDeleted(TenantId tenant, String slug) {}
