package io.moat.wecomsim.contacts;

import java.time.Instant;

/** A follow relation made or ended, kept for the behaviour statistics (new contacts, negative feedback). */
public record RelationChange(Instant at, String userid, String externalUserId, Kind kind) {

    public enum Kind {
        /** The customer added the member (scan, search, …). */
        ADDED_BY_CUSTOMER,
        /** The member sent the friend request (counts as an application in new_apply_cnt). */
        ADDED_BY_STAFF,
        /** Given to the member by a transfer. */
        TRANSFERRED_IN,
        /** The customer deleted the member: negative feedback. */
        DELETED_BY_CUSTOMER,
        DELETED_BY_STAFF,
        TRANSFERRED_OUT;

        public boolean added() {
            return this == ADDED_BY_CUSTOMER || this == ADDED_BY_STAFF || this == TRANSFERRED_IN;
        }
    }
}
