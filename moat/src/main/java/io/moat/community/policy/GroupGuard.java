package io.moat.community.policy;

/**
 * The handbook's guard (首次警告，再犯移出): an outsider's first hit in a group earns a warning, the second a removal
 * task for the owner with the evidence, later hits are only recorded while that removal is pending. Staff are never
 * judged. Pure: the caller supplies how many hits the member had in this group before.
 */
public final class GroupGuard {

    private GroupGuard() {}

    /** What to do about one message. */
    public enum Action {
        /** Nothing matched, or the speaker is staff. */
        NONE,
        /** First hit: warn the member (a task for the owner) and record it. */
        WARN,
        /** Second hit: ask the owner to remove the member, with the evidence. */
        REMOVE,
        /** A further hit after the removal was asked for: record it as more evidence. */
        RECORD
    }

    public static Action judge(boolean speakerIsStaff, boolean matched, int priorHits) {
        if (speakerIsStaff || !matched) {
            return Action.NONE;
        }
        return switch (priorHits) {
            case 0 -> Action.WARN;
            case 1 -> Action.REMOVE;
            default -> Action.RECORD;
        };
    }
}
