package io.moat.workspace.internal;

import io.moat.shared.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing: after 5 failures for one username, or 20 from one address, within 15 minutes,
 * sign-in is refused with 429 until the window passes. Kept in the database so every instance sees it.
 */
@Component
class SignInThrottle {

    static final int PER_USERNAME = 5;
    static final int PER_ADDRESS = 20;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final JdbcClient jdbc;
    private final Clock clock;

    SignInThrottle(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void check(String username, String clientIp) {
        var since = clock.instant().minus(WINDOW).atOffset(ZoneOffset.UTC);
        int byName = count("username", username, since);
        int byAddress = count("client_ip", clientIp, since);
        if (byName >= PER_USERNAME || byAddress >= PER_ADDRESS) {
            throw new Problem(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "too-many-sign-in-attempts",
                    "Too many failed sign-ins; try again in " + WINDOW.toMinutes() + " minutes.",
                    "username");
        }
    }

    void recordFailure(String username, String clientIp) {
        Instant now = clock.instant();
        jdbc.sql("insert into workspace.sign_in_failure (username, client_ip, failed_at) values (?, ?, ?)")
                .params(username, clientIp, now.atOffset(ZoneOffset.UTC))
                .update();
        jdbc.sql("delete from workspace.sign_in_failure where failed_at < ?")
                .param(now.minus(WINDOW.multipliedBy(4)).atOffset(ZoneOffset.UTC))
                .update();
    }

    void recordSuccess(String username) {
        jdbc.sql("delete from workspace.sign_in_failure where username = ?")
                .param(username)
                .update();
    }

    private int count(String column, String value, Object since) {
        return jdbc.sql("select count(*) from workspace.sign_in_failure where " + column + " = ? and failed_at >= ?")
                .params(value, since)
                .query(Integer.class)
                .single();
    }
}
