package io.moat.wecomsim.welcome;

import java.time.Duration;
import java.time.Instant;

/** The code an add event carries; send_welcome_msg may spend it once, within 20 seconds of the event. */
public record WelcomeCode(String code, String userid, String externalUserId, Instant issuedAt, boolean used) {

    public static final Duration VALIDITY = Duration.ofSeconds(20);

    public boolean expiredAt(Instant now) {
        return now.isAfter(issuedAt.plus(VALIDITY));
    }

    public WelcomeCode spent() {
        return new WelcomeCode(code, userid, externalUserId, issuedAt, true);
    }
}
