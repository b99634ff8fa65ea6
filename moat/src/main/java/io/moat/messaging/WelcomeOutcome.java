package io.moat.messaging;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A welcome message that another module already sent, or skipped, itself: a channel code's welcome must reach WeCom
 * within the add's 20-second welcome_code window, so the acquisition module sends it at once instead of asking the
 * broker, then enters its outcome into the send log through {@link SendBroker#recordWelcome}.
 *
 * @param key the deterministic key (see {@link SendKey#welcome}); the same key is the same welcome
 * @param externalUserId the WeCom customer who was welcomed
 * @param staffUserId the staff member who was added and sent it
 * @param text the message as sent, or what it would have said (empty when it was never rendered)
 * @param state its final state
 * @param reason why it was skipped or failed ({@link SendReasons}); null when sent
 * @param at when it reached that state
 */
public record WelcomeOutcome(
        String key,
        String externalUserId,
        String staffUserId,
        String text,
        SendState state,
        @Nullable String reason,
        Instant at) {

    public WelcomeOutcome {
        if (key.isBlank() || key.length() > 300) {
            throw new IllegalArgumentException("a send key must be 1 to 300 characters");
        }
        if (!state.isFinal()) {
            throw new IllegalArgumentException("a welcome outcome is final, not " + state);
        }
        if ((state == SendState.SENT) != (reason == null)) {
            throw new IllegalArgumentException("a skipped or failed welcome says why; a sent one has no reason");
        }
    }
}
