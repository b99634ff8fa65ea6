package io.moat.wecom.client;

import java.time.Duration;
import java.util.Set;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.cp.api.WxCpService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one WeCom call under the quota governor, retrying what WeCom says is transient: -1 (busy), 45009 (rate
 * limit), 45033 (concurrency) and 45035 (a concurrent change to the same customer) with exponential backoff, and an expired or invalidated token (40014, 42001)
 * once with a fresh token. Anything else is the caller's to handle.
 */
public final class WecomCalls {

    private static final Logger log = LoggerFactory.getLogger(WecomCalls.class);
    static final Set<Integer> TRANSIENT = Set.of(-1, 45009, 45033, 45035);
    static final Set<Integer> TOKEN = Set.of(40014, 42001);
    /** Transient answers WeCom gives instead of serving the call, so a repeat cannot act twice. */
    static final Set<Integer> REFUSED_UNSERVED = Set.of(45009, 45033);

    /** A call against WxJava. */
    @FunctionalInterface
    public interface Call<T> {
        T run(WxCpService service) throws WxErrorException;
    }

    private final QuotaGovernor governor;
    private final QuotaGovernor.Pause pause;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final Duration rateLimitBlock;

    /**
     * @param rateLimitBlock how long WeCom blocks a caller that went over a minute limit (60 s): retrying sooner
     *     only meets 45009 again
     */
    public WecomCalls(
            QuotaGovernor governor,
            QuotaGovernor.Pause pause,
            int maxAttempts,
            Duration firstBackoff,
            Duration rateLimitBlock) {
        this.governor = governor;
        this.pause = pause;
        this.maxAttempts = maxAttempts;
        this.firstBackoff = firstBackoff;
        this.rateLimitBlock = rateLimitBlock;
    }

    public <T> T run(WxCpService service, String corpId, String api, Call<T> call) {
        return run(service, corpId, api, call, true);
    }

    /**
     * Runs a call that must not reach WeCom twice (it creates something and has no idempotency key, e.g.
     * {@code add_msg_template}). Only answers that say WeCom did nothing are retried here (45009 and 45033 are
     * refused before the call is served, a refused token before anything else); a -1 or a failure in transit may
     * come after WeCom acted, so it is thrown at once as errcode -1 and the caller finds out what happened before
     * trying again.
     */
    public <T> T runAtMostOnce(WxCpService service, String corpId, String api, Call<T> call) {
        return run(service, corpId, api, call, false);
    }

    private <T> T run(WxCpService service, String corpId, String api, Call<T> call, boolean repeatable) {
        boolean tokenRefreshed = false;
        for (int attempt = 1; ; attempt++) {
            try {
                governor.acquire(corpId, api);
                return call.run(service);
            } catch (WxErrorException e) {
                int code = e.getError() == null ? -1 : e.getError().getErrorCode();
                String message = e.getError() == null
                        ? String.valueOf(e.getMessage())
                        : e.getError().getErrorMsg();
                if (TOKEN.contains(code) && !tokenRefreshed) {
                    tokenRefreshed = true;
                    service.getWxCpConfigStorage().expireAccessToken();
                    log.info("WeCom token for corp {} was refused ({}); fetching a new one", corpId, code);
                    continue;
                }
                if (TRANSIENT.contains(code)
                        && attempt < maxAttempts
                        && (repeatable || REFUSED_UNSERVED.contains(code))) {
                    Duration wait =
                            code == 45009 ? rateLimitBlock : firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 10));
                    log.warn(
                            "WeCom {} answered {} for corp {}; retry {} in {} ms",
                            api,
                            code,
                            corpId,
                            attempt,
                            wait.toMillis());
                    sleep(wait, api);
                    continue;
                }
                throw new WecomApiException(api, code, message, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WecomApiException(api, -1, "interrupted", e);
            } catch (RuntimeException e) {
                // WxJava wraps I/O failures in runtime exceptions; those are transient too.
                if (attempt < maxAttempts && repeatable) {
                    sleep(firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 10)), api);
                    continue;
                }
                throw new WecomApiException(api, -1, String.valueOf(e.getMessage()), e);
            }
        }
    }

    private void sleep(Duration wait, String api) {
        try {
            pause.pause(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WecomApiException(api, -1, "interrupted", e);
        }
    }
}
