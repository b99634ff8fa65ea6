/**
 * Metric definitions (docs/metrics.md), rollups, dashboards and exports; nothing depends on it.
 *
 * <p>Owns the {@code analytics} schema: rollups it keeps from other modules' public events — {@code send_outcome}
 * (each send's final state and reason, from messaging's {@code SendSettled}) and {@code staff_task} (each task's
 * assignment and closing, from tasks' {@code TaskAssigned} / {@code TaskClosed}) — and the overview's operations
 * figures computed from them ({@code GET /api/v1/workspaces/{slug}/analytics/operations}).
 */
@ApplicationModule(
        displayName = "Analytics",
        allowedDependencies = {"shared", "workspace", "messaging", "tasks"})
@NullMarked
package io.moat.analytics;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
