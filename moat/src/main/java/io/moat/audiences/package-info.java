/**
 * The segment language (a sealed set of conditions) and the bitmap index that evaluates any audience over
 * millions of customers in milliseconds, with saved segments and their diffs.
 *
 * <p>Not built yet: the package holds its place in the module graph.
 */
@ApplicationModule(displayName = "Audiences")
@NullMarked
package io.moat.audiences;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
