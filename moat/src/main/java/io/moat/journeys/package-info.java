/**
 * SOP automation: triggers, waits, branches and actions run from a durable schedule (rows claimed with SKIP
 * LOCKED under a lease), group SOP calendars, broadcasts and Moments plans.
 *
 * <p>Not built yet: the package holds its place in the module graph.
 */
@ApplicationModule(displayName = "Journeys")
@NullMarked
package io.moat.journeys;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
