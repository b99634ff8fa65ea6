package io.moat.community.web;

import io.moat.community.internal.CheckInBoard;
import io.moat.community.internal.CheckInLinkDelivery;
import io.moat.community.internal.CheckInLinks;
import io.moat.community.internal.CheckIns;
import io.moat.community.policy.Streak;
import io.moat.shared.Problem;
import io.moat.shared.context.CallContext;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Check-ins in the console: a group's board for a day, a member's standing with their personal link, and issuing
 * or revoking that link (staff send it to the member one to one; see {@code CheckInPageController}).
 */
@RestController
@RequestMapping("/api/v1/workspaces/{slug}/community/groups/{chatId}")
class CheckInController {

    private final CheckInBoard board;
    private final CheckIns checkIns;
    private final CheckInLinks links;
    private final CheckInLinkDelivery delivery;
    private final Clock clock;

    CheckInController(
            CheckInBoard board, CheckIns checkIns, CheckInLinks links, CheckInLinkDelivery delivery, Clock clock) {
        this.board = board;
        this.checkIns = checkIns;
        this.links = links;
        this.delivery = delivery;
        this.clock = clock;
    }

    /** The send that carries a member's link: its state in the send log, and why when it was skipped or failed. */
    record DeliveryResponse(
            long sendId, String state, @Nullable String reason) {}

    record LinkResponse(String token, String path, Instant createdAt, String createdBy) {
        static @Nullable LinkResponse of(CheckInLinks.@Nullable Link link) {
            return link == null
                    ? null
                    : new LinkResponse(link.token(), "/k/" + link.token(), link.createdAt(), link.createdBy());
        }
    }

    record StandingResponse(
            String memberId,
            LocalDate today,
            boolean checkedInToday,
            int streak,
            long total,
            @Nullable LocalDate lastDay,
            @Nullable Integer goalDays,
            int rewardPoints,
            String rewardNote,
            List<CheckIns.Reward> rewards,
            @Nullable LinkResponse link) {}

    /** The board of {@code day} (default today where the workspace is): today's check-ins, the top streaks. */
    @GetMapping("/check-ins")
    @RequiresPermission(Permission.COMMUNITY_READ)
    CheckInBoard.Board board(
            CurrentWorkspace workspace,
            @PathVariable String chatId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate day,
            @RequestParam(defaultValue = "10") int top) {
        if (top < 1 || top > 100) {
            throw new Problem(HttpStatus.BAD_REQUEST, "invalid-top", "top is 1 to 100.", "top");
        }
        LocalDate on = day == null ? today(workspace) : day;
        return board.of(workspace.tenant(), chatId, on, workspace.timezone(), top);
    }

    @GetMapping("/members/{memberId}/check-ins")
    @RequiresPermission(Permission.COMMUNITY_READ)
    StandingResponse standing(CurrentWorkspace workspace, @PathVariable String chatId, @PathVariable String memberId) {
        var standing = checkIns.standing(workspace.tenant(), chatId, memberId, today(workspace));
        var link = links.live(workspace.tenant(), workspace.slug(), chatId, memberId)
                .orElse(null);
        return new StandingResponse(
                memberId,
                standing.today(),
                standing.checkedInToday(),
                standing.streak(),
                standing.total(),
                standing.lastDay(),
                standing.goal().streakDays(),
                standing.goal().rewardPoints(),
                standing.goal().rewardNote(),
                standing.rewards(),
                LinkResponse.of(link));
    }

    /** A new personal link for the member; the one they had stops working. */
    @PostMapping("/members/{memberId}/check-in-link")
    @RequiresPermission(Permission.COMMUNITY_WRITE)
    @ResponseStatus(HttpStatus.CREATED)
    LinkResponse issue(CurrentWorkspace workspace, @PathVariable String chatId, @PathVariable String memberId) {
        var link = links.issue(
                workspace.tenant(),
                workspace.slug(),
                chatId,
                memberId,
                CallContext.current().actor(),
                clock.instant());
        return LinkResponse.of(link);
    }

    /** Sends the member their live link (a new one if they have none) one to one, through the send broker. */
    @PostMapping("/members/{memberId}/check-in-link/send")
    @RequiresPermission(Permission.COMMUNITY_WRITE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    DeliveryResponse send(CurrentWorkspace workspace, @PathVariable String chatId, @PathVariable String memberId) {
        var send = delivery.send(
                workspace.tenant(),
                workspace.slug(),
                chatId,
                memberId,
                ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString(),
                CallContext.current().actor(),
                clock.instant());
        return new DeliveryResponse(send.id(), send.state().name().toLowerCase(java.util.Locale.ROOT), send.reason());
    }

    @DeleteMapping("/members/{memberId}/check-in-link")
    @RequiresPermission(Permission.COMMUNITY_WRITE)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(CurrentWorkspace workspace, @PathVariable String chatId, @PathVariable String memberId) {
        if (!links.revoke(workspace.tenant(), chatId, memberId, clock.instant())) {
            throw new Problem(
                    HttpStatus.NOT_FOUND,
                    "check-in-link-not-found",
                    "Member " + memberId + " has no live check-in link in group " + chatId + ".",
                    "memberId");
        }
    }

    private LocalDate today(CurrentWorkspace workspace) {
        return Streak.day(clock.instant(), workspace.timezone());
    }
}
