package io.moat.customers.internal;

import io.moat.shared.TenantId;
import io.moat.shared.crypto.SecretBox;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Signed links that let one customer claim orders without signing in: {@code payload.tag}, where the payload names
 * the workspace, the customer and an expiry, and the tag is a 128-bit HMAC-SHA-256 under a key derived from the
 * master key. Nothing is stored; a link cannot be altered or made for another customer.
 */
@Component
public class ClaimLinks {

    static final Duration LIFETIME = Duration.ofDays(30);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final byte[] key;
    private final Clock clock;

    ClaimLinks(SecretBox box, Clock clock) {
        this.key = box.derive("moat/claim-link/v1");
        this.clock = clock;
    }

    /** Whose link it is. */
    public record Claimant(TenantId tenant, long customerId, Instant expiresAt) {}

    public String issue(TenantId tenant, long customerId) {
        long expires = clock.instant().plus(LIFETIME).getEpochSecond();
        String payload = ENCODER.encodeToString(
                (tenant.value() + "." + customerId + "." + expires).getBytes(StandardCharsets.US_ASCII));
        return payload + "." + ENCODER.encodeToString(tag(payload));
    }

    /** The claimant, when the link is intact and not expired. */
    public Optional<Claimant> verify(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || token.length() > 200) {
            return Optional.empty();
        }
        String payload = token.substring(0, dot);
        try {
            byte[] presented = DECODER.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(presented, tag(payload))) {
                return Optional.empty();
            }
            String[] parts = new String(DECODER.decode(payload), StandardCharsets.US_ASCII).split("\\.");
            var claimant = new Claimant(
                    new TenantId(Long.parseLong(parts[0])),
                    Long.parseLong(parts[1]),
                    Instant.ofEpochSecond(Long.parseLong(parts[2])));
            return claimant.expiresAt().isAfter(clock.instant()) ? Optional.of(claimant) : Optional.empty();
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private byte[] tag(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }
}
