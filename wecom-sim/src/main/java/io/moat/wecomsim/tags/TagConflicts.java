package io.moat.wecomsim.tags;

import java.util.HashSet;
import java.util.Set;

/**
 * Reproduces WeCom's 45035 (another mark_tag on the same customer in flight) on demand: with the knob on, the first
 * attempt of each distinct mark_tag request conflicts and its retry goes through. Callers hold the corp's lock.
 */
public final class TagConflicts {

    private final Set<String> conflicted = new HashSet<>();

    /** True when this attempt should fail with 45035. */
    public boolean conflicts(String request) {
        if (conflicted.remove(request)) {
            return false;
        }
        conflicted.add(request);
        return true;
    }
}
