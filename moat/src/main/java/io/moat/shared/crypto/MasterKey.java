package io.moat.shared.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The key behind {@link SecretBox}: {@code MOAT_SECRET_KEY} (32 bytes, Base64) when set — required when several
 * instances share a database — otherwise a key generated once into {@code <data dir>/secret.key} (mode 600).
 */
@Configuration(proxyBeanMethods = false)
class MasterKey {

    private static final Logger log = LoggerFactory.getLogger(MasterKey.class);

    @Bean
    SecretBox secretBox(@Value("${moat.secret-key:}") String configured, @Value("${moat.db.data-dir}") Path dataDir) {
        if (!configured.isBlank()) {
            return new SecretBox(Base64.getDecoder().decode(configured.trim()));
        }
        return new SecretBox(fromFile(dataDir.resolve("secret.key")));
    }

    private static byte[] fromFile(Path file) {
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, Base64.getEncoder().encodeToString(key));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                log.warn("Could not restrict the permissions of {}", file);
            }
            log.warn(
                    "Generated a master key in {}; back it up, and set MOAT_SECRET_KEY when running several "
                            + "instances",
                    file.toAbsolutePath());
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the master key " + file, e);
        }
    }
}
