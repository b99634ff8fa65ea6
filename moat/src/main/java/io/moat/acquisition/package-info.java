/**
 * Channel codes (WeCom contact ways with a state), staff rotation with daily caps and backups, package-card
 * batches, welcome messages with benefits, and channel funnels with cost per added customer.
 *
 * <p>Not built yet: the package holds its place in the module graph.
 */
@ApplicationModule(displayName = "Acquisition")
@NullMarked
package io.moat.acquisition;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
