package io.moat.shared.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moat.shared.PhoneNumber;
import io.moat.shared.TenantId;
import java.security.SecureRandom;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class PersonalDataTests {

    final SecretBox box = new SecretBox(key());
    final PersonalData data = new PersonalData(box);
    final TenantId acme = new TenantId(1);
    final TenantId beta = new TenantId(2);

    @Test
    void phoneNumbersNormaliseMaskAndRefuseMaskedInput() {
        assertThat(PhoneNumber.parse("+86 138-0013-8000")).contains(new PhoneNumber("13800138000"));
        assertThat(PhoneNumber.parse("008613800138000")).contains(new PhoneNumber("13800138000"));
        assertThat(PhoneNumber.parse("138****8000")).isEmpty();
        assertThat(PhoneNumber.parse("12345")).isEmpty();
        assertThat(new PhoneNumber("13800138000").masked()).isEqualTo("138****8000");
        assertThat(new PhoneNumber("13800138000").toString()).doesNotContain("0013");
    }

    @Test
    void sealedPhonesOpenOnlyInTheirOwnWorkspace() {
        PhoneNumber phone = new PhoneNumber("13912345678");
        String sealed = data.sealPhone(acme, phone);

        assertThat(sealed).doesNotContain("13912345678");
        assertThat(data.openPhone(acme, sealed)).isEqualTo(phone);
        assertThatThrownBy(() -> data.openPhone(beta, sealed)).isInstanceOf(SecretBox.SecretBoxException.class);
    }

    @Test
    void hashesMatchWithinAWorkspaceAndDifferAcrossWorkspaces() {
        PhoneNumber phone = new PhoneNumber("13912345678");

        assertThat(data.phoneHash(acme, phone))
                .isEqualTo(data.phoneHash(
                        acme, PhoneNumber.parse("+86 139 1234 5678").orElseThrow()));
        assertThat(data.phoneHash(acme, phone)).isNotEqualTo(data.phoneHash(beta, phone));
        assertThat(new PersonalData(new SecretBox(key())).phoneHash(acme, phone))
                .isNotEqualTo(data.phoneHash(acme, phone));
    }

    @Property(tries = 2000)
    void anySealedTextRoundTripsAndAnyFlippedBitIsDetected(
            @ForAll @StringLength(max = 200) String text, @ForAll @IntRange(min = 0, max = 10_000) int position) {
        String sealed = box.seal(text, "ctx");
        assertThat(box.open(sealed, "ctx")).isEqualTo(text);

        byte[] bytes = Base64.getDecoder().decode(sealed.substring(3));
        bytes[position % bytes.length] ^= (byte) (1 << (position % 8));
        String tampered = "v1:" + Base64.getEncoder().encodeToString(bytes);

        assertThatThrownBy(() -> box.open(tampered, "ctx")).isInstanceOf(SecretBox.SecretBoxException.class);
        assertThatThrownBy(() -> box.open(sealed, "other")).isInstanceOf(SecretBox.SecretBoxException.class);
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
