package io.moat.wecom;

import io.moat.shared.TenantId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A customer added a staff member (or was added): {@code state} names the channel code scanned, and the
 * {@code welcomeCode}, valid for 20 seconds and once, lets a welcome message go out.
 */
public record CustomerAdded(
        TenantId tenant,
        String externalUserId,
        String staffUserId,
        @Nullable String state,
        @Nullable String welcomeCode,
        Instant at) {}
