package io.moat.wecomsim.api;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Issued access tokens. Like WeCom, gettoken returns the same token while it is valid and a new one after it
 * expires; old tokens stay known so that using one answers 42001 (expired) rather than 40014 (never valid).
 */
public final class AccessTokens {

    static final Duration LIFETIME = Duration.ofSeconds(7200);

    /** A token and whose it is. */
    public record Issued(String token, String corpId, long agentId, Instant expiresAt, boolean revoked) {

        boolean validAt(Instant now) {
            return !revoked && now.isBefore(expiresAt);
        }

        /** Whole seconds left; gettoken reports these while it hands out the same token again. */
        long secondsLeft(Instant now) {
            return Math.max(0, Duration.between(now, expiresAt).toSeconds());
        }
    }

    /** What a presented token turned out to be. */
    public sealed interface Lookup {
        record Valid(Issued token) implements Lookup {}

        record Expired(Issued token) implements Lookup {}

        record Unknown() implements Lookup {}
    }

    private final Map<String, Issued> byToken = new HashMap<>();
    private final Map<String, String> current = new HashMap<>();

    public synchronized Issued issue(String corpId, long agentId, Instant now, Supplier<String> newToken) {
        String key = corpId + "/" + agentId;
        Issued existing = byToken.get(current.getOrDefault(key, ""));
        if (existing != null && existing.validAt(now)) {
            return existing;
        }
        Issued issued = new Issued(newToken.get(), corpId, agentId, now.plus(LIFETIME), false);
        byToken.put(issued.token(), issued);
        current.put(key, issued.token());
        return issued;
    }

    public synchronized Lookup find(String token, Instant now) {
        Issued issued = byToken.get(token);
        if (issued == null) {
            return new Lookup.Unknown();
        }
        return issued.validAt(now) ? new Lookup.Valid(issued) : new Lookup.Expired(issued);
    }

    /** The platform "may invalidate tokens early": every current token of the corp now answers 42001. */
    public synchronized int revokeAll(String corpId) {
        int revoked = 0;
        for (Map.Entry<String, Issued> entry : byToken.entrySet()) {
            Issued issued = entry.getValue();
            if (issued.corpId().equals(corpId) && !issued.revoked()) {
                entry.setValue(new Issued(issued.token(), corpId, issued.agentId(), issued.expiresAt(), true));
                revoked++;
            }
        }
        return revoked;
    }
}
