package io.moat.shared.context;

import io.moat.shared.TenantId;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Who a unit of work runs for: the tenant (once a workspace is resolved), the signed-in account, and, while an
 * API token is being resolved, the hash of the presented token. The transaction manager copies these into
 * PostgreSQL settings at the start of every transaction, where row-level security reads them; without them a
 * query sees no workspace rows at all.
 */
public record CallContext(
        @Nullable TenantId tenant,
        @Nullable Long accountId,
        @Nullable String presentedTokenHash,
        String actor,
        @Nullable String clientIp,
        boolean directory) {

    private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();
    private static final CallContext NOBODY = new CallContext(null, null, null, "system", null, false);

    public static CallContext current() {
        CallContext context = CURRENT.get();
        return context == null ? NOBODY : context;
    }

    public static Optional<TenantId> currentTenant() {
        return Optional.ofNullable(current().tenant());
    }

    public static void set(CallContext context) {
        CURRENT.set(context);
    }

    public static void clear() {
        CURRENT.remove();
    }

    /** Runs {@code work} with this context and restores whatever was current before. */
    public <T> T call(Supplier<T> work) {
        CallContext previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    public void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    public static CallContext system() {
        return NOBODY;
    }

    public static CallContext forTenant(TenantId tenant, String actor) {
        return new CallContext(tenant, null, null, actor, null, false);
    }

    public CallContext withTenant(TenantId tenant) {
        return new CallContext(tenant, accountId, presentedTokenHash, actor, clientIp, directory);
    }

    /** May read the workspace directory (slug, tenant, time zone) across tenants, and nothing else. */
    public CallContext withDirectory() {
        return new CallContext(tenant, accountId, presentedTokenHash, actor, clientIp, true);
    }

    public CallContext withPresentedToken(String tokenHash) {
        return new CallContext(tenant, accountId, tokenHash, actor, clientIp, directory);
    }
}
