/**
 * The send broker: outbox, idempotency keys, consent, quiet hours, brand frequency caps and WeCom quotas,
 * staff-confirmed mass sends, and exactly one final state per send (sent, skipped with reason, failed with
 * reason).
 *
 * <p>Not built yet: the package holds its place in the module graph.
 */
@ApplicationModule(displayName = "Messaging")
@NullMarked
package io.moat.messaging;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
