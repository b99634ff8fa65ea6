package io.moat.wecomsim.api;

import io.moat.wecomsim.SimClock;
import io.moat.wecomsim.http.HttpCall;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.random.SeededRandomness;
import io.moat.wecomsim.world.CorpState;
import io.moat.wecomsim.world.World;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /cgi-bin/gettoken?corpid=&corpsecret=}. Checks in WeCom's order: an IP blocked for wrong secrets
 * (45009), the secret present (41004, checked before the corp id), the corp id present (41002) and known (40013),
 * frequency limits, then the secret itself (40001, which also counts towards the IP block).
 */
public final class TokenEndpoint {

    private final World world;
    private final SimClock clock;
    private final AccessTokens tokens;
    private final RateLimiter limiter;
    private final SecretGuard guard;
    private final Errmsg errmsg;
    private final SeededRandomness randomness;

    public TokenEndpoint(
            World world,
            SimClock clock,
            AccessTokens tokens,
            RateLimiter limiter,
            SecretGuard guard,
            Errmsg errmsg,
            SeededRandomness randomness) {
        this.world = world;
        this.clock = clock;
        this.tokens = tokens;
        this.limiter = limiter;
        this.guard = guard;
        this.errmsg = errmsg;
        this.randomness = randomness;
    }

    void handle(HttpCall call) {
        Instant now = clock.now();
        String corpId = call.query("corpid");
        Optional<CorpState> corp = world.find(corpId);
        String query = "corpid=" + (corpId == null ? "" : corpId);
        try {
            ObjectNode answer = issue(call, corpId, corp, now);
            corp.ifPresent(c -> c.apiCalls().record(WecomApi.GETTOKEN, 0, now, "", query, ""));
            call.respond(200, answer);
        } catch (ApiError error) {
            corp.ifPresent(
                    c -> c.apiCalls().record(WecomApi.GETTOKEN, error.errcode(), now, error.detail(), query, ""));
            call.respond(
                    200,
                    Json.object()
                            .put("errcode", error.errcode())
                            .put("errmsg", errmsg.of(error.errcode(), now.getEpochSecond(), call.remoteIp())));
        }
    }

    private ObjectNode issue(HttpCall call, String corpId, Optional<CorpState> found, Instant now) {
        String ip = call.remoteIp();
        if (guard.blocked(ip, now)) {
            throw new ApiError(ErrCode.FREQ_OUT_OF_LIMIT, ip + " blocked for an hour after repeated wrong secrets");
        }
        String secret = call.query("corpsecret");
        if (secret == null || secret.isEmpty()) {
            throw new ApiError(ErrCode.CORPSECRET_MISSING, "no corpsecret");
        }
        if (corpId == null || corpId.isEmpty()) {
            throw new ApiError(ErrCode.CORPID_MISSING, "no corpid");
        }
        CorpState corp = found.orElseThrow(() -> new ApiError(ErrCode.INVALID_CORPID, "unknown corp " + corpId));
        String refusal =
                limiter.admit(corpId, ip, WecomApi.GETTOKEN, corp.knobs().rateLimits(), now);
        if (refusal != null) {
            throw new ApiError(ErrCode.FREQ_OUT_OF_LIMIT, refusal);
        }
        if (!secret.equals(corp.app().secret())) {
            guard.wrongSecret(ip, now);
            throw new ApiError(ErrCode.INVALID_CREDENTIAL, "wrong secret for " + corpId);
        }
        AccessTokens.Issued issued =
                tokens.issue(corpId, corp.app().agentId(), now, () -> randomness.stream("tokens/" + corpId)
                        .tokenChars(64));
        return Json.object()
                .put("errcode", 0)
                .put("errmsg", "ok")
                .put("access_token", issued.token())
                .put("expires_in", issued.secondsLeft(now));
    }
}
