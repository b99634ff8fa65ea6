package io.moat.workspace.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Console sign-in sessions: bearer tokens valid for 12 hours, revocable on sign-out. */
@Component
public class SessionTokens {

    static final Duration LIFETIME = Duration.ofHours(12);

    private final JdbcClient jdbc;
    private final Clock clock;

    SessionTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record IssuedSession(String token, Instant expiresAt) {}

    IssuedSession issue(long accountId, @Nullable String clientIp, @Nullable String userAgent) {
        SecretToken secret = SecretToken.generate(SecretToken.SESSION);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(LIFETIME);
        jdbc.sql("""
                insert into workspace.session (token_hash, account_id, created_at, expires_at, client_ip, user_agent)
                values (?, ?, ?, ?, ?, ?)
                """)
                .params(
                        secret.hash(),
                        accountId,
                        now.atOffset(ZoneOffset.UTC),
                        expiresAt.atOffset(ZoneOffset.UTC),
                        clientIp,
                        userAgent == null ? null : truncate(userAgent))
                .update();
        return new IssuedSession(secret.plain(), expiresAt);
    }

    public Optional<Principal.SignedInAccount> resolve(String plain) {
        return jdbc.sql("""
                select a.id, a.username, a.display_name, a.platform_admin
                from workspace.session s join workspace.account a on a.id = s.account_id
                where s.token_hash = ? and s.revoked_at is null and s.expires_at > ? and a.disabled_at is null
                """)
                .params(SecretToken.hash(plain), clock.instant().atOffset(ZoneOffset.UTC))
                .query((row, n) -> new Principal.SignedInAccount(
                        row.getLong(1), row.getString(2), row.getString(3), row.getBoolean(4)))
                .optional();
    }

    public void revoke(String plain) {
        jdbc.sql("update workspace.session set revoked_at = ? where token_hash = ? and revoked_at is null")
                .params(clock.instant().atOffset(ZoneOffset.UTC), SecretToken.hash(plain))
                .update();
    }

    private static String truncate(String value) {
        return value.length() <= 300 ? value : value.substring(0, 300);
    }
}
