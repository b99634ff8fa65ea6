package io.moat.community.web;

import io.moat.community.internal.DuplicateTasks;
import io.moat.community.internal.GroupDirectory;
import io.moat.community.internal.GroupFigures;
import io.moat.community.internal.GroupMetrics;
import io.moat.community.internal.GroupRegistry;
import io.moat.community.internal.InactivityReview;
import io.moat.community.internal.KocCandidates;
import io.moat.community.policy.GroupType;
import io.moat.community.policy.MemberRole;
import io.moat.community.web.CommunityResponses.CandidateResponse;
import io.moat.community.web.CommunityResponses.Count;
import io.moat.community.web.CommunityResponses.DuplicateResponse;
import io.moat.community.web.CommunityResponses.FiguresResponse;
import io.moat.community.web.CommunityResponses.GroupDetail;
import io.moat.community.web.CommunityResponses.GroupPage;
import io.moat.community.web.CommunityResponses.GroupResponse;
import io.moat.community.web.CommunityResponses.MemberResponse;
import io.moat.shared.Problem;
import io.moat.tasks.StaffTasks;
import io.moat.tasks.TaskFilter;
import io.moat.tasks.TaskStatus;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/community")
class CommunityController {

    private final GroupDirectory directory;
    private final GroupMetrics metrics;
    private final GroupRegistry registry;
    private final InactivityReview inactivity;
    private final DuplicateTasks duplicates;
    private final StaffTasks tasks;
    private final Clock clock;
    private final GroupInsights insights;
    private final KocCandidates kocs;

    CommunityController(
            GroupDirectory directory,
            GroupMetrics metrics,
            GroupRegistry registry,
            InactivityReview inactivity,
            DuplicateTasks duplicates,
            StaffTasks tasks,
            Clock clock,
            GroupInsights insights,
            KocCandidates kocs) {
        this.directory = directory;
        this.metrics = metrics;
        this.registry = registry;
        this.inactivity = inactivity;
        this.duplicates = duplicates;
        this.tasks = tasks;
        this.clock = clock;
        this.insights = insights;
        this.kocs = kocs;
    }

    record ClassifyRequest(
            @Nullable String type,
            @Nullable @Size(max = 20) List<@NotBlank @Size(max = 30) String> tags,
            @Nullable @PositiveOrZero Long costFen) {}

    record RoleRequest(@NotBlank String role) {}

    /** Groups with their figures over the last {@code days} days (today included). */
    @GetMapping("/groups")
    @RequiresPermission(Permission.COMMUNITY_READ)
    GroupPage groups(CurrentWorkspace workspace, @RequestParam(defaultValue = "7") int days) {
        LocalDate to = today(workspace);
        LocalDate from = to.minusDays(Math.clamp(days, 1, 180) - 1L);
        Map<String, GroupFigures> figures =
                metrics.period(workspace.tenant(), null, from, to, workspace.timezone()).stream()
                        .collect(Collectors.toMap(GroupFigures::chatId, Function.identity()));
        return new GroupPage(
                directory.groups(workspace.tenant()).stream()
                        .map(g -> insights.response(
                                workspace, g, figures.get(g.chatId()), from, to, openTasks(workspace, g.chatId())))
                        .toList(),
                insights.source(workspace));
    }

    @PostMapping("/groups/refresh")
    @RequiresPermission(Permission.COMMUNITY_WRITE)
    Count refresh(CurrentWorkspace workspace) {
        return new Count(registry.refreshAll(workspace.tenant(), clock.instant()));
    }

    @GetMapping("/groups/{chatId}")
    @RequiresPermission(Permission.COMMUNITY_READ)
    GroupDetail group(
            CurrentWorkspace workspace,
            @PathVariable String chatId,
            @RequestParam(required = false) @Nullable LocalDate from,
            @RequestParam(required = false) @Nullable LocalDate to) {
        var group = directory.group(workspace.tenant(), chatId);
        LocalDate last = to == null ? today(workspace) : to;
        LocalDate first = from == null ? last.minusDays(13) : from;
        if (first.isAfter(last) || first.plusDays(92).isBefore(last)) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-period",
                    "from is on or before to, at most 93 days apart.",
                    "from");
        }
        var period = metrics.period(workspace.tenant(), chatId, first, last, workspace.timezone());
        var daily = metrics.daily(workspace.tenant(), chatId, first, last, workspace.timezone());
        return new GroupDetail(
                insights.response(
                        workspace,
                        group,
                        period.isEmpty() ? null : period.getFirst(),
                        first,
                        last,
                        openTasks(workspace, chatId)),
                daily.stream().map(FiguresResponse::of).toList());
    }

    @PatchMapping("/groups/{chatId}")
    @RequiresPermission(Permission.COMMUNITY_WRITE)
    GroupResponse classify(
            CurrentWorkspace workspace, @PathVariable String chatId, @Valid @RequestBody ClassifyRequest body) {
        var current = directory.group(workspace.tenant(), chatId);
        GroupType type = body.type() == null || body.type().isBlank()
                ? null
                : GroupType.ofCode(body.type())
                        .orElseThrow(() -> new Problem(
                                HttpStatus.BAD_REQUEST,
                                "invalid-group-type",
                                "Type is one of traffic, welfare, flash, vip, service.",
                                "type"));
        var changed = directory.classify(
                workspace.tenant(),
                chatId,
                type,
                body.tags() == null ? current.tags() : body.tags(),
                body.costFen() == null ? current.costFen() : body.costFen());
        return GroupResponse.of(changed, null, openTasks(workspace, chatId));
    }

    @GetMapping("/groups/{chatId}/members")
    @RequiresPermission(Permission.COMMUNITY_READ)
    List<MemberResponse> members(
            CurrentWorkspace workspace,
            @PathVariable String chatId,
            @RequestParam(defaultValue = "false") boolean withLeft) {
        return directory.members(workspace.tenant(), chatId, withLeft, clock.instant()).stream()
                .map(MemberResponse::of)
                .toList();
    }

    @PutMapping("/groups/{chatId}/members/{memberId}/role")
    @RequiresPermission(Permission.COMMUNITY_WRITE)
    Map<String, String> role(
            CurrentWorkspace workspace,
            @PathVariable String chatId,
            @PathVariable String memberId,
            @Valid @RequestBody RoleRequest body) {
        MemberRole role = MemberRole.ofCode(body.role())
                .orElseThrow(() -> new Problem(
                        HttpStatus.BAD_REQUEST, "invalid-role", "Role is one of admin, koc, vip, member.", "role"));
        directory.setRole(workspace.tenant(), chatId, memberId, role);
        return Map.of("memberId", memberId, "role", role.code());
    }

    record KocCandidateResponse(
            String memberId,
            @Nullable String name,
            long messages,
            long activeDays,
            java.time.Instant lastSpokeAt,
            String reason) {}

    /** Customers active enough to be proposed as KOCs, with why. */
    @GetMapping("/groups/{chatId}/koc-candidates")
    @RequiresPermission(Permission.COMMUNITY_READ)
    List<KocCandidateResponse> kocCandidates(CurrentWorkspace workspace, @PathVariable String chatId) {
        directory.group(workspace.tenant(), chatId);
        return kocs.of(workspace.tenant(), chatId, clock.instant(), workspace.timezone()).stream()
                .map(c -> new KocCandidateResponse(
                        c.memberId(), c.name(), c.messages(), c.activeDays(), c.lastSpokeAt(), c.reason()))
                .toList();
    }

    @GetMapping("/groups/{chatId}/inactive")
    @RequiresPermission(Permission.COMMUNITY_READ)
    List<CandidateResponse> inactive(CurrentWorkspace workspace, @PathVariable String chatId) {
        directory.group(workspace.tenant(), chatId);
        return inactivity.candidates(workspace.tenant(), chatId, clock.instant()).stream()
                .map(CandidateResponse::of)
                .toList();
    }

    @PostMapping("/groups/{chatId}/inactive/tasks")
    @RequiresPermission(Permission.COMMUNITY_WRITE)
    Count inactiveTasks(CurrentWorkspace workspace, @PathVariable String chatId) {
        directory.group(workspace.tenant(), chatId);
        return new Count(inactivity.assign(workspace.tenant(), chatId, clock.instant()));
    }

    @GetMapping("/guard/cases")
    @RequiresPermission(Permission.COMMUNITY_READ)
    List<GroupDirectory.GuardCase> guardCases(
            CurrentWorkspace workspace, @RequestParam(required = false) @Nullable String chatId) {
        return directory.guardCases(workspace.tenant(), chatId);
    }

    @GetMapping("/duplicates")
    @RequiresPermission(Permission.COMMUNITY_READ)
    List<DuplicateResponse> duplicates(CurrentWorkspace workspace) {
        return directory.duplicates(workspace.tenant()).stream()
                .map(DuplicateResponse::of)
                .toList();
    }

    @PostMapping("/duplicates/tasks")
    @RequiresPermission(Permission.COMMUNITY_WRITE)
    Count duplicateTasks(CurrentWorkspace workspace) {
        return new Count(duplicates.assign(workspace.tenant(), clock.instant()));
    }

    private LocalDate today(CurrentWorkspace workspace) {
        return LocalDate.ofInstant(clock.instant(), workspace.timezone());
    }

    private long openTasks(CurrentWorkspace workspace, String chatId) {
        return tasks.list(workspace.tenant(), new TaskFilter(null, TaskStatus.OPEN, null, chatId, null, 500))
                .size();
    }
}
