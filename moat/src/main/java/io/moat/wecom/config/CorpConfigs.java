package io.moat.wecom.config;

import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.shared.crypto.SecretBox;
import io.moat.wecom.callback.CallbackCipher;
import io.moat.workspace.AuditLog;
import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores each workspace's corp configuration with the secret, token and EncodingAESKey sealed, each bound to its
 * workspace, so a sealed value copied into another workspace's row does not open.
 */
@Service
public class CorpConfigs {

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CorpConfigs(JdbcClient jdbc, SecretBox box, AuditLog audit, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.box = box;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** What an operator asks to store; blank secrets keep the stored ones. */
    public record SaveCorpConfig(
            String corpId,
            long agentId,
            @Nullable String secret,
            @Nullable String token,
            @Nullable String encodingAesKey,
            @Nullable String apiBaseUrl,
            @Nullable String archiveFeedUrl) {}

    /** What an operator may see again: never a secret. */
    public record CorpConfigView(
            boolean configured,
            @Nullable String corpId,
            @Nullable Long agentId,
            @Nullable String apiBaseUrl,
            boolean secretSet,
            boolean tokenSet,
            boolean encodingAesKeySet,
            @Nullable String archiveFeedUrl,
            @Nullable OffsetDateTime updatedAt,
            @Nullable ConnectionCheck lastCheck) {}

    public record ConnectionCheck(
            boolean ok, OffsetDateTime at, @Nullable String detail) {}

    /** Published after a workspace's corp configuration changed, so cached clients are rebuilt. */
    public record CorpConfigChanged(TenantId tenant) {}

    private record Stored(
            long tenantId,
            String corpId,
            long agentId,
            String secretSealed,
            String tokenSealed,
            String aesKeySealed,
            String apiBaseUrl,
            @Nullable String archiveFeedUrl,
            OffsetDateTime updatedAt,
            @Nullable Boolean checkOk,
            @Nullable OffsetDateTime checkAt,
            @Nullable String checkDetail) {}

    @Transactional
    public CorpConfigView save(TenantId tenant, SaveCorpConfig request) {
        Optional<CorpConfig> existing = find(tenant);
        String corpId = required(request.corpId(), "corpId", "corpId is required, e.g. ww1436e0e65a779aee")
                .trim();
        if (corpId.length() > 64) {
            throw invalid("corpId", "corpId is at most 64 characters");
        }
        if (request.agentId() <= 0) {
            throw invalid("agentId", "agentId is the self-built app's positive AgentId, e.g. 1000002");
        }
        String secret = keepOrReplace(request.secret(), existing.map(CorpConfig::secret), "secret");
        String token = keepOrReplace(request.token(), existing.map(CorpConfig::token), "token");
        if (!CallbackCipher.isValidToken(token)) {
            throw invalid("token", "token must be 1 to 32 letters or digits");
        }
        String aesKey =
                keepOrReplace(request.encodingAesKey(), existing.map(CorpConfig::encodingAesKey), "encodingAesKey");
        if (!CallbackCipher.isValidAesKey(aesKey)) {
            throw invalid("encodingAesKey", "encodingAesKey must be exactly 43 letters, digits, + or /");
        }
        String baseUrl = apiBaseUrl(request.apiBaseUrl());
        String feedUrl = isBlank(request.archiveFeedUrl()) ? null : httpUrl(request.archiveFeedUrl(), "archiveFeedUrl");
        String context = context(tenant);
        jdbc.sql("""
                insert into wecom.corp_config
                    (tenant_id, corp_id, agent_id, secret_sealed, token_sealed, aes_key_sealed, api_base_url,
                     archive_feed_url, updated_at)
                values (:tenant, :corp, :agent, :secret, :token, :aes, :url, :feed, :now)
                on conflict (tenant_id) do update set corp_id = excluded.corp_id, agent_id = excluded.agent_id,
                    secret_sealed = excluded.secret_sealed, token_sealed = excluded.token_sealed,
                    aes_key_sealed = excluded.aes_key_sealed, api_base_url = excluded.api_base_url,
                    archive_feed_url = excluded.archive_feed_url,
                    updated_at = excluded.updated_at, check_ok = null, check_at = null, check_detail = null
                """)
                .param("tenant", tenant.value())
                .param("corp", corpId)
                .param("agent", request.agentId())
                .param("secret", box.seal(secret, context))
                .param("token", box.seal(token, context))
                .param("aes", box.seal(aesKey, context))
                .param("url", baseUrl)
                .param("feed", feedUrl)
                .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                .update();
        audit.record(
                "wecom.config_saved",
                "corp:" + corpId,
                Map.of(
                        "agentId",
                        request.agentId(),
                        "apiBaseUrl",
                        baseUrl,
                        "secretChanged",
                        !isBlank(request.secret())));
        events.publishEvent(new CorpConfigChanged(tenant));
        return view(tenant);
    }

    @Transactional(readOnly = true)
    public Optional<CorpConfig> find(TenantId tenant) {
        String context = context(tenant);
        return stored(tenant)
                .map(row -> new CorpConfig(
                        tenant,
                        row.corpId(),
                        row.agentId(),
                        box.open(row.secretSealed(), context),
                        box.open(row.tokenSealed(), context),
                        box.open(row.aesKeySealed(), context),
                        row.apiBaseUrl()));
    }

    @Transactional(readOnly = true)
    public CorpConfigView view(TenantId tenant) {
        return stored(tenant)
                .map(row -> new CorpConfigView(
                        true,
                        row.corpId(),
                        row.agentId(),
                        row.apiBaseUrl(),
                        true,
                        true,
                        true,
                        row.archiveFeedUrl(),
                        row.updatedAt(),
                        row.checkAt() == null
                                ? null
                                : new ConnectionCheck(
                                        Boolean.TRUE.equals(row.checkOk()), row.checkAt(), row.checkDetail())))
                .orElse(new CorpConfigView(false, null, null, null, false, false, false, null, null, null));
    }

    @Transactional
    public void recordCheck(TenantId tenant, boolean ok, String detail) {
        jdbc.sql("update wecom.corp_config set check_ok = ?, check_at = ?, check_detail = ? where tenant_id = ?")
                .params(ok, clock.instant().atOffset(ZoneOffset.UTC), detail, tenant.value())
                .update();
    }

    private Optional<Stored> stored(TenantId tenant) {
        return jdbc.sql("""
                select tenant_id, corp_id, agent_id, secret_sealed, token_sealed, aes_key_sealed, api_base_url,
                       archive_feed_url, updated_at, check_ok, check_at, check_detail
                from wecom.corp_config where tenant_id = ?
                """).param(tenant.value()).query(Stored.class).optional();
    }

    private static String context(TenantId tenant) {
        return "wecom-config:" + tenant.value();
    }

    /** The message-archive feed, when the workspace has one. */
    @Transactional(readOnly = true)
    public Optional<URI> archiveFeed(TenantId tenant) {
        return stored(tenant).map(Stored::archiveFeedUrl).map(URI::create);
    }

    private static String apiBaseUrl(@Nullable String requested) {
        return isBlank(requested) ? CorpConfig.DEFAULT_API_BASE_URL : httpUrl(requested, "apiBaseUrl");
    }

    private static String httpUrl(String requested, String field) {
        String url = requested.trim().replaceAll("/+$", "");
        try {
            URI uri = URI.create(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // reported below, with the field named
        }
        throw invalid(field, field + " must be an http(s) URL such as " + CorpConfig.DEFAULT_API_BASE_URL);
    }

    private static String keepOrReplace(@Nullable String requested, Optional<String> stored, String field) {
        if (!isBlank(requested)) {
            return requested.trim();
        }
        return stored.orElseThrow(() -> invalid(field, field + " is required the first time"));
    }

    private static String required(@Nullable String value, String field, String message) {
        if (isBlank(value)) {
            throw invalid(field, message);
        }
        return value;
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }

    private static Problem invalid(String field, String message) {
        return new Problem(HttpStatus.BAD_REQUEST, "invalid-request", message, field);
    }
}
