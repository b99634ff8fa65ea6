package io.moat.wecom;

import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.wecom.client.WecomApi;
import io.moat.wecom.client.WecomApiException;
import io.moat.wecom.client.WecomClients;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * WeCom's group welcome templates (入群欢迎语素材) for other modules. WeCom greets a new group member with a template
 * once an admin picks it for the group in the WeCom client — the API cannot attach it to a group — so Moat keeps the
 * template's text in step with the brand's own and names the template to pick. Text only, at most {@value
 * #MAX_TEXT_BYTES} bytes, {@code %NICKNAME%} standing for the new member's name. Call inside the workspace's scope.
 */
@Component
public class WecomGroupWelcome {

    public static final int MAX_TEXT_BYTES = 3000;
    private static final Logger log = LoggerFactory.getLogger(WecomGroupWelcome.class);

    private final WecomClients clients;

    WecomGroupWelcome(WecomClients clients) {
        this.clients = clients;
    }

    /**
     * Makes WeCom hold {@code text} as a template: edits {@code templateId} when there is one, else (or when WeCom no
     * longer has it) creates one. Empty when the workspace has no WeCom configured. WeCom's refusal becomes a problem
     * naming {@code field}, so the caller keeps what it had.
     */
    public Optional<String> save(TenantId tenant, @Nullable String templateId, String text, String field) {
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "welcome-text-too-long",
                    "WeCom takes a group welcome text of at most " + MAX_TEXT_BYTES + " bytes.",
                    field);
        }
        Optional<WecomApi> api = clients.forTenant(tenant);
        if (api.isEmpty()) {
            return Optional.empty();
        }
        if (templateId != null) {
            try {
                api.get().editGroupWelcomeTemplate(templateId, text);
                return Optional.of(templateId);
            } catch (WecomApiException e) {
                // deleted in WeCom behind Moat's back (or never there): a new template replaces it
                log.info(
                        "WeCom would not edit group welcome template {} ({}); creating a new one",
                        templateId,
                        e.errcode());
            }
        }
        try {
            return Optional.of(api.get().addGroupWelcomeTemplate(text));
        } catch (WecomApiException e) {
            throw new Problem(
                    HttpStatus.BAD_GATEWAY,
                    "wecom-refused",
                    "WeCom refused the group welcome template: " + e.getMessage(),
                    field);
        }
    }

    /** Deletes a template Moat made; one WeCom no longer has counts as deleted. */
    public void delete(TenantId tenant, String templateId) {
        clients.forTenant(tenant).ifPresent(api -> {
            try {
                api.deleteGroupWelcomeTemplate(templateId);
            } catch (WecomApiException e) {
                log.info("WeCom would not delete group welcome template {} ({})", templateId, e.errcode());
            }
        });
    }
}
