package io.moat.commerce.order;

import io.moat.shared.PhoneNumber;
import io.moat.shared.TenantId;
import io.moat.shared.crypto.PersonalData;
import org.jspecify.annotations.Nullable;

/**
 * A buyer's phone as stored: a real number sealed and hashed for matching, shown masked; anything else (masked,
 * encrypted, virtual) kept only as the text it came as, which can be shown but not matched.
 */
record StoredPhone(
        @Nullable String sealed,
        @Nullable String hash,
        @Nullable String masked) {

    private static final int MAX_TEXT = 200;

    static StoredPhone of(TenantId tenant, @Nullable String text, PersonalData personalData) {
        if (text == null || text.isBlank()) {
            return new StoredPhone(null, null, null);
        }
        return PhoneNumber.parse(text)
                .map(phone -> new StoredPhone(
                        personalData.sealPhone(tenant, phone), personalData.phoneHash(tenant, phone), phone.masked()))
                .orElseGet(() -> new StoredPhone(null, null, truncate(text.strip())));
    }

    private static String truncate(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
