/**
 * Fission and referral mechanics (task fission, distribution, group buying, assists), posters, participant
 * pages and anti-fraud.
 *
 * <p>Not built yet: the package holds its place in the module graph.
 */
@ApplicationModule(displayName = "Campaigns")
@NullMarked
package io.moat.campaigns;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
