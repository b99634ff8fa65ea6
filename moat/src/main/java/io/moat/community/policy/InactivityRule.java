package io.moat.community.policy;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * When a member counts as inactive in a group type: silent for {@code silentDays} (no message at all in that time),
 * or fewer than {@code minMessages} messages in the last {@code windowDays}. Either part may be off (null). A member
 * is judged only once they have been in the group for the whole period the rule looks at, so newcomers are never
 * candidates; staff and protected members (VIP, KOC, owner, admin) never are.
 */
public record InactivityRule(
        @Nullable Integer silentDays,
        @Nullable Integer minMessages,
        @Nullable Integer windowDays) {

    public InactivityRule {
        if ((minMessages == null) != (windowDays == null)) {
            throw new IllegalArgumentException("minMessages and windowDays go together");
        }
        if (silentDays != null && silentDays < 1 || windowDays != null && windowDays < 1) {
            throw new IllegalArgumentException("days are at least 1");
        }
        if (minMessages != null && minMessages < 1) {
            throw new IllegalArgumentException("minMessages is at least 1");
        }
    }

    public static InactivityRule off() {
        return new InactivityRule(null, null, null);
    }

    public boolean isOff() {
        return silentDays == null && minMessages == null;
    }

    /** What the rule needs to know about one member. */
    public record MemberFacts(
            boolean staff,
            boolean isProtected,
            Instant joinedAt,
            @Nullable Instant lastSpokeAt,
            long messagesInWindow) {}

    /** Why the member is a removal candidate, or null when they are not one. */
    public @Nullable String reason(MemberFacts member, Instant now) {
        if (member.staff() || member.isProtected()) {
            return null;
        }
        if (silentDays != null) {
            Instant since = now.minus(Duration.ofDays(silentDays));
            boolean silent =
                    member.lastSpokeAt() == null || member.lastSpokeAt().isBefore(since);
            if (!member.joinedAt().isAfter(since) && silent) {
                return "silent " + silentDays + " days";
            }
        }
        if (minMessages != null && windowDays != null) {
            Instant since = now.minus(Duration.ofDays(windowDays));
            if (!member.joinedAt().isAfter(since) && member.messagesInWindow() < minMessages) {
                return "fewer than " + minMessages + " messages in " + windowDays + " days";
            }
        }
        return null;
    }

    /** The window of messages the rule needs counted. */
    public int countingDays() {
        return windowDays == null ? 0 : windowDays;
    }
}
