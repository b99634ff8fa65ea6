package io.moat.wecom.client;

import java.time.Clock;
import java.time.Duration;
import me.chanjar.weixin.cp.api.impl.WxCpServiceImpl;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;

/**
 * Builds Moat's production WeCom client ({@link WecomApi} over {@link WecomCalls} and {@link QuotaGovernor}, the WxJava
 * service configured as {@link WecomClients} configures it) outside Spring Boot, for the B6 benchmark. It lives in
 * the client's package because those constructors are package-private on purpose; nothing here changes how calls
 * are made, retried or governed.
 */
public final class BenchWecomApi {

    private BenchWecomApi() {}

    /**
     * A client with the application's settings for a minute limit of {@code capPerMinute} (WeCom's is 10,000): the
     * governor lets 99.5 % of it leave in any 61.5 s (the defaults of {@code moat.wecom.quota.*}: 9,950, a transit
     * spread of 1.5 s, 500 missed calls caught up at most, at 10,000), 147,000 an hour, 5 attempts.
     */
    public static WecomApi create(String baseUrl, String corpId, String secret, int agentId, int capPerMinute) {
        QuotaGovernor.Pause sleep = Thread::sleep;
        var calls = new WecomCalls(
                new QuotaGovernor(
                        capPerMinute * 995 / 1000,
                        Duration.ofMillis(1_500),
                        147_000,
                        Math.max(1, capPerMinute / 20),
                        Clock.systemUTC(),
                        sleep),
                sleep,
                5,
                Duration.ofMillis(500),
                Duration.ofSeconds(61));
        var storage = new WxCpDefaultConfigImpl();
        storage.setCorpId(corpId);
        storage.setCorpSecret(secret);
        storage.setAgentId(agentId);
        storage.setBaseApiUrl(baseUrl);
        storage.setApacheHttpClientBuilder(WecomClients.HTTP);
        var service = new WxCpServiceImpl();
        service.setWxCpConfigStorage(storage);
        service.setMaxRetryTimes(1);
        service.setRetrySleepMillis(0);
        return new WecomApi(service, corpId, calls);
    }
}
