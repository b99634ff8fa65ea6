package io.moat.wecomsim.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Round trips over arbitrary messages, keys, random prefixes and receivers. */
class MsgCryptPropertyTests {

    @Property(tries = 300)
    void encryptThenDecryptGivesTheMessageBack(
            @ForAll String message,
            @ForAll @Size(16) byte[] random,
            @ForAll @Size(32) byte[] key,
            @ForAll @StringLength(min = 1, max = 40) String receiver) {
        // Lone surrogates do not survive UTF-8, in WeCom or anywhere else; they are not messages.
        Assume.that(wellFormed(message) && wellFormed(receiver));
        String encodingAesKey = Base64.getEncoder().encodeToString(key).substring(0, 43);
        MsgCrypt crypt = new MsgCrypt("token", encodingAesKey, receiver);

        String encrypted = crypt.encrypt(message, random);

        assertThat(Base64.getDecoder().decode(encrypted).length % Pkcs7Padding.BLOCK_SIZE)
                .isZero();
        assertThat(crypt.decrypt(encrypted)).isEqualTo(message);
    }

    private static boolean wellFormed(String text) {
        return text.equals(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }

    @Property(tries = 300)
    void paddingRoundTrips(@ForAll @Size(max = 200) byte[] data) {
        byte[] padded = Pkcs7Padding.pad(data);

        assertThat(padded.length % Pkcs7Padding.BLOCK_SIZE).isZero();
        assertThat(padded.length - data.length).isBetween(1, Pkcs7Padding.BLOCK_SIZE);
        assertThat(Pkcs7Padding.unpad(padded)).isEqualTo(data);
    }
}
