package io.moat.community.internal;

import io.moat.community.policy.GroupType;
import io.moat.shared.TenantId;
import io.moat.wecom.WecomGroupWelcome;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Keeps each group type's welcome text in WeCom as a group welcome template, so the owner picks it for a group in
 * the WeCom client instead of retyping it. WeCom is asked first: when it refuses, the policy stays as it was. A
 * cleared text deletes the template once the policy no longer names it.
 */
@Component
public class WelcomeTemplates {

    private final GroupPolicies policies;
    private final WecomGroupWelcome welcome;

    WelcomeTemplates(GroupPolicies policies, WecomGroupWelcome welcome) {
        this.policies = policies;
        this.welcome = welcome;
    }

    /** A saved policy and the WeCom template holding its welcome text ({@code null}: none, or WeCom not set up). */
    public record Saved(
            GroupPolicies.Policy policy, @Nullable String welcomeTemplateId) {}

    public Saved save(TenantId tenant, GroupPolicies.Policy policy, Instant now) {
        GroupType type = policy.type();
        String previous = policies.welcomeTemplate(tenant, type).orElse(null);
        String text = policy.welcomeText();
        String templateId;
        if (text.isBlank()) {
            templateId = null;
        } else if (previous != null && text.equals(policies.policy(tenant, type).welcomeText())) {
            templateId = previous;
        } else {
            templateId = welcome.save(tenant, previous, text, "welcomeText").orElse(null);
        }
        var saved = policies.save(tenant, policy, now, templateId);
        if (previous != null && templateId == null) {
            welcome.delete(tenant, previous);
        }
        return new Saved(saved, templateId);
    }

    public @Nullable String templateOf(TenantId tenant, GroupType type) {
        return policies.welcomeTemplate(tenant, type).orElse(null);
    }
}
