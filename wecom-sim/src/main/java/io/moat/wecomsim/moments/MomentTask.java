package io.moat.wecomsim.moments;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One member's part in a moment: the customers it targets, whether the member has published it (enterprise moments
 * need the member to confirm), and who can see it once published. Callers hold the corp's lock.
 */
public final class MomentTask {

    private final String userid;
    private final List<String> targets;
    private final Instant publishAt;
    private final List<String> visibleTo = new ArrayList<>();
    private boolean published;

    public MomentTask(String userid, List<String> targets, Instant publishAt) {
        this.userid = userid;
        this.targets = List.copyOf(targets);
        this.publishAt = publishAt;
    }

    public String userid() {
        return userid;
    }

    /** The customers the moment is meant for: the member's customers that pass the tag filter. */
    public List<String> targets() {
        return targets;
    }

    public Optional<Instant> publishAt() {
        return Optional.ofNullable(publishAt);
    }

    public boolean published() {
        return published;
    }

    /** Customers who can see it: the targets that were still under their visibility cap when it was published. */
    public List<String> visibleTo() {
        return List.copyOf(visibleTo);
    }

    public void publish(List<String> visible) {
        published = true;
        visibleTo.addAll(visible);
    }
}
