package io.moat.wecom;

import io.moat.shared.TenantId;
import java.time.Instant;

/** A staff member changed a customer's remark, mobiles or tags in the WeCom client. */
public record CustomerEdited(TenantId tenant, String externalUserId, String staffUserId, Instant at) {}
