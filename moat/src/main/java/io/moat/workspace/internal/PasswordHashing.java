package io.moat.workspace.internal;

import java.security.SecureRandom;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** Argon2id for passwords; also makes the random passwords handed to new accounts. */
@Component
public class PasswordHashing {

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    // Compared against when the username is unknown, so a miss costs as much time as a wrong password.
    private final String decoy = encoder.encode(randomPassword());

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        return encoder.matches(password, hash);
    }

    public void burnTime(String password) {
        encoder.matches(password, decoy);
    }

    /** 20 characters from a 57-letter alphabet without look-alikes: about 116 bits. */
    public static String randomPassword() {
        StringBuilder password = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
