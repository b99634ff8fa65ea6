package io.moat.wecom.client;

import io.moat.shared.TenantId;
import io.moat.wecom.config.CorpConfig;
import io.moat.wecom.config.CorpConfigs;
import io.moat.wecom.config.CorpConfigs.CorpConfigChanged;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import me.chanjar.weixin.common.util.http.apache.DefaultApacheHttpClientBuilder;
import me.chanjar.weixin.cp.api.impl.WxCpServiceImpl;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * One WxJava service per workspace, built from its corp configuration and kept while the configuration lasts, so
 * each app's access token is fetched once and reused until it expires. The base URL is the workspace's
 * {@code apiBaseUrl}: the real WeCom, or a wecom-sim.
 */
@Component
public class WecomClients {

    /**
     * WxJava's shared HTTP client, with room for the calls the schedule's WeCom lanes make at once: its default of 10
     * connections per host would queue them in the client, where a call already counted by the governor waits for a
     * connection and then arrives in a bunch with others.
     */
    static final DefaultApacheHttpClientBuilder HTTP = http();

    private final CorpConfigs configs;
    private final WecomCalls calls;
    private final OutboundProxy proxy;
    private final Map<TenantId, WecomApi> clients = new ConcurrentHashMap<>();

    WecomClients(
            CorpConfigs configs,
            Clock clock,
            ObjectProvider<QuotaGovernor.Pause> pause,
            // at most 9,950 calls leave in any 61.5 s, paced evenly (97.1 % of WeCom's 10,000 a minute); a WeCom
            // minute sees no more than that while transit times differ by under 1.5 s: see QuotaGovernor
            @Value("${moat.wecom.quota.per-minute:9950}") int perWindow,
            @Value("${moat.wecom.quota.transit-spread:1500ms}") Duration spread,
            @Value("${moat.wecom.quota.per-hour:147000}") int perHour,
            @Value("${moat.wecom.quota.catch-up:500}") int catchUp,
            @Value("${moat.wecom.retry.attempts:5}") int attempts,
            @Value("${moat.wecom.retry.first-backoff:500ms}") Duration firstBackoff,
            @Value("${moat.wecom.retry.rate-limit-block:61s}") Duration rateLimitBlock,
            // an HTTP proxy for every call to WeCom (CONNECT tunnels), for networks that allow no direct way out
            @Value("${moat.wecom.proxy.host:}") String proxyHost,
            @Value("${moat.wecom.proxy.port:3128}") int proxyPort,
            @Value("${moat.wecom.proxy.username:}") String proxyUsername,
            @Value("${moat.wecom.proxy.password:}") String proxyPassword) {
        this.configs = configs;
        this.proxy = new OutboundProxy(proxyHost, proxyPort, proxyUsername, proxyPassword);
        QuotaGovernor.Pause waiting = pause.getIfAvailable(() -> duration -> Thread.sleep(duration));
        this.calls = new WecomCalls(
                new QuotaGovernor(perWindow, spread, perHour, catchUp, clock, waiting),
                waiting,
                attempts,
                firstBackoff,
                rateLimitBlock);
    }

    /** The workspace's client, or empty when it has no WeCom configuration yet. Call inside the tenant's scope. */
    public Optional<WecomApi> forTenant(TenantId tenant) {
        WecomApi cached = clients.get(tenant);
        if (cached != null) {
            return Optional.of(cached);
        }
        return configs.find(tenant).map(config -> clients.computeIfAbsent(tenant, key -> build(config, calls, proxy)));
    }

    /** A client for a configuration that is not stored (yet), e.g. to test it before saving. */
    public WecomApi unsaved(CorpConfig config) {
        return build(config, calls, proxy);
    }

    @EventListener
    void forget(CorpConfigChanged changed) {
        clients.remove(changed.tenant());
    }

    private static DefaultApacheHttpClientBuilder http() {
        DefaultApacheHttpClientBuilder builder = DefaultApacheHttpClientBuilder.get();
        builder.setMaxConnPerHost(64);
        builder.setMaxTotalConn(256);
        return builder;
    }

    /** The outbound proxy setting; a blank host means none. */
    record OutboundProxy(String host, int port, String username, String password) {

        void applyTo(WxCpDefaultConfigImpl storage) {
            if (host.isBlank()) {
                return;
            }
            // WxJava's Apache client and WecomWire's connections both read these
            storage.setHttpProxyHost(host);
            storage.setHttpProxyPort(port);
            if (!username.isBlank()) {
                storage.setHttpProxyUsername(username);
                storage.setHttpProxyPassword(password);
            }
        }
    }

    private static WecomApi build(CorpConfig config, WecomCalls calls, OutboundProxy proxy) {
        var storage = new WxCpDefaultConfigImpl();
        storage.setCorpId(config.corpId());
        storage.setCorpSecret(config.secret());
        storage.setAgentId((int) config.agentId());
        storage.setToken(config.token());
        storage.setAesKey(config.encodingAesKey());
        storage.setBaseApiUrl(config.apiBaseUrl());
        storage.setApacheHttpClientBuilder(HTTP);
        proxy.applyTo(storage);
        var service = new WxCpServiceImpl();
        service.setWxCpConfigStorage(storage);
        // WecomCalls does the retrying, with backoff and the quota governor in front. WxJava must keep one retry of
        // its own: with none it replaces every first error with a generic one and the errcode is lost.
        service.setMaxRetryTimes(1);
        service.setRetrySleepMillis(0);
        return new WecomApi(service, config.corpId(), calls);
    }
}
