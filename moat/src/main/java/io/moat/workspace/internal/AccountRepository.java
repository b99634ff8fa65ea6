package io.moat.workspace.internal;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Accounts are platform-wide (not tenant rows): a person may belong to several brands' workspaces. */
@Repository
public class AccountRepository {

    private static final String COLUMNS = "id, username, display_name, password_hash, platform_admin,"
            + " must_change_password, disabled_at is not null as disabled";

    private final JdbcClient jdbc;
    private final Clock clock;

    AccountRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Account> findByUsername(String username) {
        return jdbc.sql("select " + COLUMNS + " from workspace.account where username = ?")
                .param(username)
                .query(Account.class)
                .optional();
    }

    public Optional<Account> findById(long id) {
        return jdbc.sql("select " + COLUMNS + " from workspace.account where id = ?")
                .param(id)
                .query(Account.class)
                .optional();
    }

    public long create(
            String username,
            String displayName,
            String passwordHash,
            boolean platformAdmin,
            boolean mustChangePassword) {
        return jdbc.sql("""
                insert into workspace.account
                    (username, display_name, password_hash, platform_admin, must_change_password, created_at)
                values (?, ?, ?, ?, ?, ?)
                returning id
                """)
                .params(
                        username,
                        displayName,
                        passwordHash,
                        platformAdmin,
                        mustChangePassword,
                        clock.instant().atOffset(ZoneOffset.UTC))
                .query(Long.class)
                .single();
    }

    public void changePassword(long id, String passwordHash) {
        jdbc.sql("update workspace.account set password_hash = ?, must_change_password = false where id = ?")
                .params(passwordHash, id)
                .update();
    }
}
