/**
 * Metric definitions (docs/metrics.md), rollups, dashboards and exports; nothing depends on it.
 *
 * <p>Not built yet: the package holds its place in the module graph.
 */
@ApplicationModule(displayName = "Analytics")
@NullMarked
package io.moat.analytics;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
