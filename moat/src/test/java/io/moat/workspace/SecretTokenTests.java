package io.moat.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.workspace.internal.SecretToken;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretTokenTests {

    @Test
    void tokensCarryAtLeast128RandomBitsAndAreStoredOnlyAsTheirHash() {
        SecretToken token = SecretToken.generate(SecretToken.API);

        byte[] secret = Base64.getUrlDecoder().decode(token.plain().substring(SecretToken.API.length()));
        assertThat(secret.length * 8).isGreaterThanOrEqualTo(128);
        assertThat(token.hash())
                .hasSize(64)
                .isEqualTo(SecretToken.hash(token.plain()))
                .doesNotContain(token.plain());
        assertThat(token.plain()).startsWith(token.displayPrefix());
        assertThat(token.toString()).doesNotContain(token.plain());
    }

    @Test
    void tokensDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(SecretToken.generate(SecretToken.SESSION).plain()))
                    .isTrue();
        }
    }
}
