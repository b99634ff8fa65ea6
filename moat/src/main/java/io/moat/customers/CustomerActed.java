package io.moat.customers;

import io.moat.shared.TenantId;
import java.time.Instant;
import java.util.Locale;

/**
 * A customer did something a module saw: opened one of our links, claimed a benefit, took part in a campaign.
 * {@code ref} says what it concerned (e.g. {@code check-in:<chat>}, {@code journey:<id>}) so a condition can narrow to
 * one campaign. The module that saw it publishes it, inside its transaction when it has one; audiences keep the
 * latest moment per act and ref for "did it within N days".
 */
public record CustomerActed(TenantId tenant, CustomerId customer, Act act, String ref, Instant at) {

    public CustomerActed {
        if (ref.isBlank() || ref.length() > 200) {
            throw new IllegalArgumentException("ref must be 1 to 200 characters");
        }
    }

    public enum Act {
        LINK_OPENED,
        BENEFIT_CLAIMED,
        CAMPAIGN_JOINED;

        /** The code audiences and the API use: {@code link-opened}, {@code benefit-claimed}, {@code campaign-joined}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
