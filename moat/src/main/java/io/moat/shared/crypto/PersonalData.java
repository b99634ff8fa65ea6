package io.moat.shared.crypto;

import io.moat.shared.PhoneNumber;
import io.moat.shared.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Personal data at rest: a phone number is stored sealed (AES-256-GCM, bound to its workspace) for the few roles
 * that may see it, and as a keyed hash (HMAC-SHA-256 with a per-workspace key derived from the master key) for
 * matching orders to customers without decrypting anything. The hash of one number differs between workspaces,
 * so hashes cannot be joined across tenants.
 */
@Component
public class PersonalData {

    private final SecretBox box;
    private final byte[] hashKey;

    PersonalData(SecretBox box) {
        this.box = box;
        this.hashKey = box.derive("moat/personal-data/hash-key/v1");
    }

    public String sealPhone(TenantId tenant, PhoneNumber phone) {
        return box.seal(phone.digits(), context(tenant));
    }

    public PhoneNumber openPhone(TenantId tenant, String sealed) {
        return new PhoneNumber(box.open(sealed, context(tenant)));
    }

    /** The matching key of a phone number in one workspace. */
    public String phoneHash(TenantId tenant, PhoneNumber phone) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hashKey, "HmacSHA256"));
            mac.update(("tenant:" + tenant.value() + "|phone:").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(phone.digits().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    private static String context(TenantId tenant) {
        return "phone:" + tenant.value();
    }
}
