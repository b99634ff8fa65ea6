package io.moat.community.web;

import io.moat.community.internal.GroupPolicies;
import io.moat.community.internal.Keywords;
import io.moat.community.internal.WelcomeTemplates;
import io.moat.community.policy.CheckInGoal;
import io.moat.community.policy.GroupType;
import io.moat.community.policy.InactivityRule;
import io.moat.community.policy.StageGoals;
import io.moat.community.web.CommunityResponses.GuardWordResponse;
import io.moat.community.web.CommunityResponses.KeywordResponse;
import io.moat.community.web.CommunityResponses.PolicyResponse;
import io.moat.shared.Problem;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Group types' policies, the guard's word lists and the keyword library. */
@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/community")
class CommunitySettingsController {

    private final GroupPolicies policies;
    private final WelcomeTemplates welcomeTemplates;
    private final Keywords keywords;
    private final Clock clock;

    CommunitySettingsController(
            GroupPolicies policies, WelcomeTemplates welcomeTemplates, Keywords keywords, Clock clock) {
        this.policies = policies;
        this.welcomeTemplates = welcomeTemplates;
        this.keywords = keywords;
        this.clock = clock;
    }

    record PolicyRequest(
            @Nullable @Min(1) @Max(365) Integer silentDays,
            @Nullable @Min(1) @Max(10_000) Integer minMessages,
            @Nullable @Min(1) @Max(365) Integer windowDays,
            boolean guardLinks,
            boolean guardCards,
            @Nullable @Size(max = 4000) String rulesText,
            @Nullable @Size(max = 4000) String announcement,
            @Nullable @Size(max = 3000) String welcomeText,
            @Nullable @Min(0) @Max(365) Integer foundedAfterDays,
            @Nullable @Min(1) @Max(100_000) Integer foundedMembers,
            @Nullable @DecimalMin("0") @DecimalMax("1") Double activeInteraction,
            @Nullable @DecimalMin("0") @DecimalMax("1") Double retaining,
            @Nullable @DecimalMin("0") @DecimalMax("1") Double monetisedConversion,
            @Nullable @Min(2) @Max(365) Integer checkInStreakDays,
            @Nullable @Min(0) @Max(1_000_000) Integer checkInRewardPoints,
            @Nullable @Size(max = 200) String checkInRewardNote) {

        /** The stage goals asked for; a goal left out keeps the handbook's default. */
        StageGoals stageGoals() {
            var d = StageGoals.DEFAULTS;
            return new StageGoals(
                    foundedAfterDays == null ? d.foundedAfterDays() : foundedAfterDays,
                    foundedMembers == null ? d.foundedMembers() : foundedMembers,
                    activeInteraction == null ? d.activeInteraction() : activeInteraction,
                    retaining == null ? d.retaining() : retaining,
                    monetisedConversion == null ? d.monetisedConversion() : monetisedConversion);
        }

        CheckInGoal checkIns() {
            return new CheckInGoal(
                    checkInStreakDays, checkInRewardPoints == null ? 0 : checkInRewardPoints, text(checkInRewardNote));
        }
    }

    record GuardWordRequest(
            @Nullable String type,
            @NotBlank String kind,
            @NotBlank @Size(max = 200) String text) {}

    record KeywordRequest(
            @NotBlank @Size(max = 50) String keyword,
            @NotBlank @Size(max = 2000) String reply) {}

    @GetMapping("/policies")
    @RequiresPermission(Permission.COMMUNITY_READ)
    List<PolicyResponse> policies(CurrentWorkspace workspace) {
        return Arrays.stream(GroupType.values())
                .map(type -> PolicyResponse.of(
                        policies.policy(workspace.tenant(), type),
                        welcomeTemplates.templateOf(workspace.tenant(), type)))
                .toList();
    }

    @PutMapping("/policies/{type}")
    @RequiresPermission(Permission.COMMUNITY_WRITE)
    PolicyResponse savePolicy(
            CurrentWorkspace workspace, @PathVariable String type, @Valid @RequestBody PolicyRequest body) {
        if (body.checkInStreakDays() == null && body.checkInRewardPoints() != null && body.checkInRewardPoints() > 0) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "check-in-reward-without-goal",
                    "A check-in reward needs the streak length that earns it.",
                    "checkInStreakDays");
        }
        if ((body.minMessages() == null) != (body.windowDays() == null)) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "incomplete-inactivity-rule",
                    "A message minimum needs its window in days, and the other way round.",
                    body.minMessages() == null ? "minMessages" : "windowDays");
        }
        var policy = new GroupPolicies.Policy(
                groupType(type, "type"),
                new InactivityRule(body.silentDays(), body.minMessages(), body.windowDays()),
                body.guardLinks(),
                body.guardCards(),
                text(body.rulesText()),
                text(body.announcement()),
                text(body.welcomeText()),
                body.stageGoals(),
                body.checkIns());
        var saved = welcomeTemplates.save(workspace.tenant(), policy, clock.instant());
        return PolicyResponse.of(saved.policy(), saved.welcomeTemplateId());
    }

    @GetMapping("/guard-words")
    @RequiresPermission(Permission.COMMUNITY_READ)
    List<GuardWordResponse> words(CurrentWorkspace workspace) {
        return policies.words(workspace.tenant()).stream()
                .map(GuardWordResponse::of)
                .toList();
    }

    @PostMapping("/guard-words")
    @RequiresPermission(Permission.COMMUNITY_WRITE)
    @ResponseStatus(HttpStatus.CREATED)
    GuardWordResponse addWord(CurrentWorkspace workspace, @Valid @RequestBody GuardWordRequest body) {
        if (!body.kind().equals("word") && !body.kind().equals("pattern")) {
            throw new Problem(HttpStatus.BAD_REQUEST, "invalid-guard-kind", "Kind is word or pattern.", "kind");
        }
        GroupType type = body.type() == null || body.type().isBlank() ? null : groupType(body.type(), "type");
        return GuardWordResponse.of(policies.addWord(
                workspace.tenant(), type, body.kind(), body.text().strip(), clock.instant()));
    }

    @DeleteMapping("/guard-words/{id}")
    @RequiresPermission(Permission.COMMUNITY_WRITE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeWord(CurrentWorkspace workspace, @PathVariable long id) {
        policies.removeWord(workspace.tenant(), id);
    }

    @GetMapping("/keywords")
    @RequiresPermission(Permission.COMMUNITY_READ)
    List<KeywordResponse> keywords(CurrentWorkspace workspace) {
        return keywords.list(workspace.tenant()).stream()
                .map(KeywordResponse::of)
                .toList();
    }

    @PostMapping("/keywords")
    @RequiresPermission(Permission.COMMUNITY_WRITE)
    @ResponseStatus(HttpStatus.CREATED)
    KeywordResponse addKeyword(CurrentWorkspace workspace, @Valid @RequestBody KeywordRequest body) {
        return KeywordResponse.of(keywords.add(
                workspace.tenant(), body.keyword().strip(), body.reply().strip(), clock.instant()));
    }

    @DeleteMapping("/keywords/{id}")
    @RequiresPermission(Permission.COMMUNITY_WRITE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeKeyword(CurrentWorkspace workspace, @PathVariable long id) {
        keywords.remove(workspace.tenant(), id);
    }

    private static GroupType groupType(String code, String field) {
        return GroupType.ofCode(code)
                .orElseThrow(() -> new Problem(
                        HttpStatus.BAD_REQUEST,
                        "invalid-group-type",
                        "Type is one of traffic, welfare, flash, vip, service.",
                        field));
    }

    private static String text(@Nullable String value) {
        return value == null ? "" : value.strip();
    }
}
