package io.moat.wecomsim.transfer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every customer handover of the corp, and the rules that ration on-job ones: a customer can be handed over at most
 * twice within 90 days, and not at all within 90 days of a completed handover. Callers hold the corp's lock.
 */
public final class Transfers {

    public static final Duration WAIT = Duration.ofHours(24);
    public static final Duration PROTECTION = Duration.ofDays(90);
    public static final int MAX_ON_JOB_IN_PROTECTION = 2;

    private final List<Handover> handovers = new ArrayList<>();

    public long nextSeq() {
        return handovers.size() + 1L;
    }

    public void add(Handover handover) {
        handovers.add(handover);
    }

    public boolean waiting(String externalUserId) {
        return handovers.stream()
                .anyMatch(h -> h.waiting() && h.externalUserId().equals(externalUserId));
    }

    /** Whether another on-job handover of the customer started now would break the 90-day rules. */
    public boolean rationed(String externalUserId, Instant now) {
        Instant since = now.minus(PROTECTION);
        List<Handover> recent = handovers.stream()
                .filter(h ->
                        h.kind() == Handover.Kind.ON_JOB && h.externalUserId().equals(externalUserId))
                .filter(h -> h.startedAt().isAfter(since))
                .toList();
        boolean protectedNow = handovers.stream()
                .anyMatch(h -> h.externalUserId().equals(externalUserId)
                        && h.status() == Handover.TAKEN_OVER
                        && h.takeoverTime().isAfter(since));
        return protectedNow || recent.size() >= MAX_ON_JOB_IN_PROTECTION;
    }

    /** Waiting handovers whose takeover time has come, earliest first. */
    public List<Handover> due(Instant now) {
        return handovers.stream()
                .filter(h -> h.waiting() && !h.takeoverTime().isAfter(now))
                .sorted(Comparator.comparing(Handover::takeoverTime).thenComparingLong(Handover::seq))
                .toList();
    }

    /** The handovers between two members of one kind, in the order they were made. */
    public List<Handover> between(Handover.Kind kind, String handoverUserid, String takeoverUserid) {
        return handovers.stream()
                .filter(h -> h.kind() == kind
                        && h.handoverUserid().equals(handoverUserid)
                        && h.takeoverUserid().equals(takeoverUserid))
                .toList();
    }
}
