package io.moat.wecom;

import io.moat.shared.TenantId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A customer wrote to a staff member one to one, as the message archive records it (text messages carry their
 * text). The send broker reads stop words such as 退订 from these.
 */
public record CustomerMessageArchived(
        TenantId tenant,
        String msgId,
        String externalUserId,
        String type,
        @Nullable String text,
        Instant sentAt) {}
