package io.moat.wecom.config;

import io.moat.shared.TenantId;

/** One workspace's WeCom self-built app, secrets opened. Never logged: {@link #toString()} hides the secrets. */
public record CorpConfig(
        TenantId tenant,
        String corpId,
        long agentId,
        String secret,
        String token,
        String encodingAesKey,
        String apiBaseUrl) {

    public static final String DEFAULT_API_BASE_URL = "https://qyapi.weixin.qq.com";

    @Override
    public String toString() {
        return "CorpConfig[tenant=" + tenant + ", corpId=" + corpId + ", agentId=" + agentId + ", apiBaseUrl="
                + apiBaseUrl + "]";
    }
}
