/**
 * The material library and its measured performance, live shows with their line-ups and reviews, and surveys
 * whose answers become tags.
 *
 * <p>Not built yet: the package holds its place in the module graph.
 */
@ApplicationModule(displayName = "Content")
@NullMarked
package io.moat.content;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
