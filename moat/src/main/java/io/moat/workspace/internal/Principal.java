package io.moat.workspace.internal;

import io.moat.shared.TenantId;
import io.moat.workspace.Role;

/** Who is calling: a signed-in person, or an API token that acts inside one workspace with one role. */
public sealed interface Principal {

    String label();

    /** A person signed in to the console (or a script using their session token). */
    record SignedInAccount(long accountId, String username, String displayName, boolean platformAdmin)
            implements Principal {
        @Override
        public String label() {
            return username;
        }
    }

    /** An API token: it sees only its own workspace. */
    record WorkspaceToken(TenantId tenant, long tokenId, String name, Role role) implements Principal {
        @Override
        public String label() {
            return "token:" + name;
        }
    }
}
