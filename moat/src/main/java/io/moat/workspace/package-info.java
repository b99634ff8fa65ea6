/**
 * Workspaces (one per brand, the tenant), the operator accounts that sign in, their memberships and roles,
 * permission codes, console sessions, API tokens and the audit log. It owns the {@code workspace} schema
 * ({@code account}, {@code session}, {@code sign_in_failure}, {@code workspace}, {@code member},
 * {@code api_token}, {@code audit_event}); every tenant table there is under row-level security. It resolves
 * the workspace of every {@code /api/v1/workspaces/{slug}/…} call, answers 404 to non-members and checks
 * the handler's {@link io.moat.workspace.RequiresPermission}. Other modules use {@link
 * io.moat.workspace.CurrentWorkspace}, {@link io.moat.workspace.RequiresPermission} and {@link
 * io.moat.workspace.AuditLog}. Publishes {@link io.moat.workspace.WorkspaceCreated} and {@link
 * io.moat.workspace.WorkspaceDeleted}.
 */
@ApplicationModule(displayName = "Workspaces and operators", allowedDependencies = "shared")
@NullMarked
package io.moat.workspace;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
