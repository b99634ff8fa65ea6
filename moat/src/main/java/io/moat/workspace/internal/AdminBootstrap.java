package io.moat.workspace.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * On first start, creates the platform owner account {@code admin}. Its password comes from
 * {@code MOAT_ADMIN_PASSWORD}; without it a random one is printed once to the log.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class AdminBootstrap implements ApplicationRunner {

    static final String ADMIN = "admin";
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final AccountRepository accounts;
    private final PasswordHashing passwords;
    private final String configuredPassword;

    AdminBootstrap(
            AccountRepository accounts,
            PasswordHashing passwords,
            @Value("${moat.admin-password:}") String configuredPassword) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.configuredPassword = configuredPassword;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.findByUsername(ADMIN).isPresent()) {
            return;
        }
        boolean generated = configuredPassword.isBlank();
        String password = generated ? PasswordHashing.randomPassword() : configuredPassword;
        accounts.create(ADMIN, "Administrator", passwords.hash(password), true, false);
        if (generated) {
            log.warn("""

                    ==================================================================
                      Created the owner account '{}' with the password:  {}
                      It is shown only this once. Set MOAT_ADMIN_PASSWORD to choose it.
                    ==================================================================""", ADMIN, password);
        } else {
            log.info("Created the owner account '{}' with the password from MOAT_ADMIN_PASSWORD", ADMIN);
        }
    }
}
