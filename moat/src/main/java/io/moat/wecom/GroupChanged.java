package io.moat.wecom;

import io.moat.shared.TenantId;
import java.time.Instant;

/** A group's owner, name or notice changed ({@code detail}: change_owner, change_name, change_notice). */
public record GroupChanged(TenantId tenant, String chatId, String detail, Instant at) {}
