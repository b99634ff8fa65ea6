package io.moat.tags.internal;

import io.moat.shared.context.CallContext;
import io.moat.workspace.WorkspaceDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps rule tags current without anyone asking: every minute each workspace's new or changed rules are evaluated
 * in full and the others for the customers that changed; every night all of them in full, since time alone moves
 * customers in and out of conditions such as "bought within 30 days".
 */
@Component
class RuleSchedule {

    private static final Logger log = LoggerFactory.getLogger(RuleSchedule.class);

    private final RuleTags rules;
    private final WorkspaceDirectory directory;

    RuleSchedule(RuleTags rules, WorkspaceDirectory directory) {
        this.rules = rules;
        this.directory = directory;
    }

    @Scheduled(
            fixedDelayString = "${moat.tags.rules.sweep-interval:60s}",
            initialDelayString = "${moat.tags.rules.sweep-interval:60s}")
    void sweep() {
        for (var workspace : directory.all()) {
            try {
                CallContext.forTenant(workspace.tenant(), "rule-tags").run(() -> rules.sweep(workspace.tenant()));
            } catch (RuntimeException e) {
                log.warn("Rule tags of {} could not be brought up to date: {}", workspace.slug(), e.getMessage());
            }
        }
    }

    @Scheduled(cron = "${moat.tags.rules.nightly-cron:0 40 4 * * *}")
    void nightly() {
        for (var workspace : directory.all()) {
            try {
                CallContext.forTenant(workspace.tenant(), "rule-tags").run(() -> rules.rules(workspace.tenant())
                        .forEach(rule -> rules.evaluate(workspace.tenant(), rule)));
            } catch (RuntimeException e) {
                log.warn("Nightly rule tags of {} failed: {}", workspace.slug(), e.getMessage());
            }
        }
    }
}
