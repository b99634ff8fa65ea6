/**
 * Tag groups and tags (basic, behaviour, interest, value, lifecycle), rule tags that follow behaviour, and the
 * two-way sync with WeCom corp tags.
 *
 * <p>Not built yet: the package holds its place in the module graph.
 */
@ApplicationModule(displayName = "Tags")
@NullMarked
package io.moat.tags;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
