package io.moat.workspace;

import io.moat.shared.TenantId;

/** A brand's workspace now exists. */
public record WorkspaceCreated(TenantId tenant, String slug) {}
