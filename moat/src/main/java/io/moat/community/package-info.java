/**
 * Customer groups as the handbook runs them: group types, roles, join codes, welcome templates, rules, the
 * sensitive-word guard, inactivity policies, check-ins and group metrics.
 *
 * <p>Not built yet: the package holds its place in the module graph.
 */
@ApplicationModule(displayName = "Community")
@NullMarked
package io.moat.community;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
