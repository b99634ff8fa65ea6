package io.moat.customers;

import io.moat.customers.internal.ClaimLinks;
import io.moat.customers.internal.Identity;
import io.moat.customers.internal.Profiles;
import io.moat.shared.TenantId;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The customer's own benefit-claim link (the public claim page {@code /m/claim/{token}}) for a welcome message.
 * The welcome goes out within seconds of an add, possibly before this module has projected the add, so the profile
 * is found or made here the same way the projection does (serialised, idempotent). Call inside the workspace's scope.
 */
@Component
public class BenefitLinks {

    private final Profiles profiles;
    private final ClaimLinks links;

    BenefitLinks(Profiles profiles, ClaimLinks links) {
        this.profiles = profiles;
        this.links = links;
    }

    /** The path of the claim page, to be put after the workspace's public base URL. */
    @Transactional
    public String claimPath(TenantId tenant, String externalUserId, Instant addedAt) {
        long customer = profiles.resolve(tenant, List.of(Identity.externalUserId(externalUserId)), "wecom", addedAt);
        return "/m/claim/" + links.issue(tenant, customer);
    }
}
