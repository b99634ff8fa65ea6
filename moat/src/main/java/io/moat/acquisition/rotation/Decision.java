package io.moat.acquisition.rotation;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Whom the rotation chose for one visit, how, and why: logged for every visit. */
public record Decision(@Nullable String staffUserId, Kind kind, String reason) {

    public enum Kind {
        /** The visitor's earlier staff member, still available. */
        STICKY,
        /** A primary staff member, by the rotation mode. */
        PRIMARY,
        /** A backup, because no primary was available. */
        BACKUP,
        /** Nobody is available: everyone is offline, off duty or at their cap. */
        NONE
    }

    public Optional<String> staff() {
        return Optional.ofNullable(staffUserId);
    }
}
