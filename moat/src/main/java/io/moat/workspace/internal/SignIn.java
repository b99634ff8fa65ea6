package io.moat.workspace.internal;

import io.moat.shared.Problem;
import io.moat.workspace.internal.SessionTokens.IssuedSession;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Exchanges a username and password for a session token, throttled and with the same cost for every miss. */
@Service
public class SignIn {

    private static final Logger log = LoggerFactory.getLogger(SignIn.class);

    private final AccountRepository accounts;
    private final PasswordHashing passwords;
    private final SignInThrottle throttle;
    private final SessionTokens sessions;

    SignIn(AccountRepository accounts, PasswordHashing passwords, SignInThrottle throttle, SessionTokens sessions) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.throttle = throttle;
        this.sessions = sessions;
    }

    public record Result(IssuedSession session, Account account) {}

    public Result signIn(String rawUsername, String password, String clientIp, @Nullable String userAgent) {
        String username = rawUsername.trim().toLowerCase(Locale.ROOT);
        throttle.check(username, clientIp);
        var account = accounts.findByUsername(username).filter(a -> !a.disabled());
        if (account.isEmpty()) {
            passwords.burnTime(password);
        }
        if (account.isEmpty() || !passwords.matches(password, account.get().passwordHash())) {
            throttle.recordFailure(username, clientIp);
            log.warn("Sign-in failed for username={} from ip={}", username, clientIp);
            throw new Problem(HttpStatus.UNAUTHORIZED, "bad-credentials", "Wrong username or password.", "password");
        }
        throttle.recordSuccess(username);
        log.info("Sign-in succeeded for username={} from ip={}", username, clientIp);
        return new Result(sessions.issue(account.get().id(), clientIp, userAgent), account.get());
    }
}
