package io.moat.wecomsim.groups;

import java.time.Instant;
import java.util.List;

/**
 * One change in a group's life, kept so that statistics for a past day can be computed from what really happened.
 *
 * @param ids the members that joined or left; for {@link Kind#OWNER_CHANGED} the new owner
 */
public record GroupChange(Instant at, String chatId, Kind kind, List<String> ids) {

    public enum Kind {
        CREATED,
        JOINED,
        QUIT,
        DISMISSED,
        OWNER_CHANGED
    }

    public GroupChange {
        ids = List.copyOf(ids);
    }
}
