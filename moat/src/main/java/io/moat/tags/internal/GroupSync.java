package io.moat.tags.internal;

import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.tags.internal.TagManagement.NewGroup;
import io.moat.wecom.WecomTags;
import org.springframework.http.HttpStatus;

/**
 * Whether a new group syncs with WeCom: as asked, else when its kind does by default (manual, channel) and the
 * workspace has WeCom configured. Rule groups never do: their tags follow a condition, not a person in WeCom.
 */
final class GroupSync {

    private GroupSync() {}

    static boolean decide(WecomTags wecom, TenantId tenant, NewGroup request) {
        boolean wanted =
                request.wecom() != null ? request.wecom() : request.kind().syncsByDefault();
        if (!wanted) {
            return false;
        }
        if (request.kind() == TagKind.RULE) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "rule-tags-stay-local",
                    "Rule tags follow their condition and are not synced with WeCom.",
                    "wecom");
        }
        boolean configured = isConfigured(wecom, tenant);
        if (!configured && request.wecom() != null) {
            throw new Problem(
                    HttpStatus.CONFLICT, "wecom-not-configured", "Configure WeCom for this workspace first.", "wecom");
        }
        return configured;
    }

    private static boolean isConfigured(WecomTags wecom, TenantId tenant) {
        try {
            wecom.list(tenant);
            return true;
        } catch (Problem problem) {
            if (problem.code().equals("wecom-not-configured")) {
                return false;
            }
            throw problem;
        } catch (RuntimeException unreachable) {
            // Configured but not answering now: the group still syncs; its first tag will need WeCom.
            return true;
        }
    }
}
