package io.moat.community.web;

import io.moat.community.internal.GroupCommerce;
import io.moat.community.internal.GroupDirectory;
import io.moat.community.internal.GroupFigures;
import io.moat.community.internal.GroupPolicies;
import io.moat.community.internal.OwnerStatistics;
import io.moat.community.policy.GroupStage;
import io.moat.community.policy.StageGoals;
import io.moat.community.web.CommunityResponses.GroupResponse;
import io.moat.workspace.CurrentWorkspace;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Puts a group's figures, its members' purchases and its stage together for the console. */
@Component
class GroupInsights {

    private final GroupCommerce commerce;
    private final OwnerStatistics statistics;
    private final GroupPolicies policies;

    GroupInsights(GroupCommerce commerce, OwnerStatistics statistics, GroupPolicies policies) {
        this.commerce = commerce;
        this.statistics = statistics;
        this.policies = policies;
    }

    GroupResponse response(
            CurrentWorkspace workspace,
            GroupDirectory.Group group,
            @Nullable GroupFigures figures,
            LocalDate from,
            LocalDate to,
            long openTasks) {
        var bought = commerce.of(workspace.tenant(), group.chatId(), from, to, workspace.timezone());
        GroupStage stage = null;
        if (figures != null) {
            var end = to.plusDays(1).atStartOfDay(workspace.timezone()).toInstant();
            long age = group.createdAt() == null
                    ? 0
                    : Duration.between(group.createdAt(), end).toDays();
            StageGoals goals = group.type() == null
                    ? StageGoals.DEFAULTS
                    : policies.policy(workspace.tenant(), group.type()).stageGoals();
            stage = GroupStage.of(
                    new GroupStage.Inputs(
                            age,
                            figures.membersAtEnd(),
                            figures.interactionRate(),
                            figures.retention(),
                            bought.conversion()),
                    goals);
        }
        return GroupResponse.of(group, figures, openTasks, bought, stage);
    }

    String source(CurrentWorkspace workspace) {
        return statistics.source(workspace.tenant()).name().toLowerCase(Locale.ROOT);
    }
}
