package io.moat.community.web;

import io.moat.community.internal.JoinCodes;
import io.moat.community.internal.OwnerStatistics;
import io.moat.shared.Problem;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Join codes and the WeCom statistics fallback, for the console. */
@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/community")
class JoinCodeController {

    private final JoinCodes codes;
    private final OwnerStatistics statistics;
    private final Clock clock;

    JoinCodeController(JoinCodes codes, OwnerStatistics statistics, Clock clock) {
        this.codes = codes;
        this.statistics = statistics;
        this.clock = clock;
    }

    record CreateJoinCodeRequest(
            @NotBlank @Size(max = 30) String name,
            @NotNull @Size(min = 1, max = 5) List<@NotBlank String> chatIds,
            @Nullable Boolean autoCreateRoom,
            @Nullable @Size(max = 40) String roomBaseName,
            @Nullable @Min(0) Integer roomBaseId) {}

    record JoinCodeResponse(
            long id,
            String code,
            String url,
            String name,
            String state,
            @Nullable String qrCode,
            List<String> chatIds,
            boolean autoCreateRoom,
            @Nullable String roomBaseName,
            @Nullable Integer roomBaseId,
            Instant createdAt,
            long scans,
            long joins,
            long stillIn,
            @Nullable Double joinRate) {
        static JoinCodeResponse of(JoinCodes.JoinCode c, long scans, long joins, long stillIn, @Nullable Double rate) {
            String url = ServletUriComponentsBuilder.fromCurrentContextPath()
                    .path("/j/{code}")
                    .buildAndExpand(c.code())
                    .toUriString();
            return new JoinCodeResponse(
                    c.id(),
                    c.code(),
                    url,
                    c.name(),
                    c.state(),
                    c.qrCode(),
                    c.chatIds(),
                    c.autoCreateRoom(),
                    c.roomBaseName(),
                    c.roomBaseId(),
                    c.createdAt(),
                    scans,
                    joins,
                    stillIn,
                    rate);
        }
    }

    record PullRequest(@NotNull LocalDate day) {}

    record OwnerDayResponse(
            String owner,
            LocalDate day,
            long newChats,
            long chats,
            long chatsWithMessages,
            long newMembers,
            long members,
            long membersWhoSpoke,
            long messages,
            @Nullable Double interactionRate,
            @Nullable Double messagesPerMember) {
        static OwnerDayResponse of(OwnerStatistics.Row row) {
            var f = row.figures();
            return new OwnerDayResponse(
                    f.owner(),
                    f.day(),
                    f.newChats(),
                    f.chats(),
                    f.chatsWithMessages(),
                    f.newMembers(),
                    f.members(),
                    f.membersWhoSpoke(),
                    f.messages(),
                    row.interactionRate(),
                    row.messagesPerMember());
        }
    }

    record StatisticsResponse(String messageSource, LocalDate lastFinishedDay, List<OwnerDayResponse> days) {}

    @PostMapping("/join-codes")
    @ResponseStatus(HttpStatus.CREATED)
    @RequiresPermission(Permission.COMMUNITY_WRITE)
    JoinCodeResponse create(CurrentWorkspace workspace, @Valid @RequestBody CreateJoinCodeRequest body) {
        var code = codes.create(
                workspace.tenant(),
                workspace.slug(),
                new JoinCodes.NewJoinCode(
                        body.name(),
                        body.chatIds(),
                        body.autoCreateRoom() == null || body.autoCreateRoom(),
                        body.roomBaseName(),
                        body.roomBaseId()),
                clock.instant());
        return JoinCodeResponse.of(code, 0, 0, 0, null);
    }

    /** Codes with their figures over the last {@code days} days (today included), or {@code from}–{@code to}. */
    @GetMapping("/join-codes")
    @RequiresPermission(Permission.COMMUNITY_READ)
    List<JoinCodeResponse> list(
            CurrentWorkspace workspace,
            @RequestParam(defaultValue = "30") int days,
            @RequestParam(required = false) @Nullable LocalDate from,
            @RequestParam(required = false) @Nullable LocalDate to) {
        LocalDate last = to == null ? LocalDate.ofInstant(clock.instant(), workspace.timezone()) : to;
        LocalDate first = from == null ? last.minusDays(Math.clamp(days, 1, 366) - 1L) : from;
        if (first.isAfter(last)) {
            throw new Problem(HttpStatus.BAD_REQUEST, "invalid-period", "from is on or before to.", "from");
        }
        return codes.figures(workspace.tenant(), first, last, workspace.timezone()).stream()
                .map(f -> JoinCodeResponse.of(f.code(), f.scans(), f.joins(), f.stillIn(), f.joinRate()))
                .toList();
    }

    @DeleteMapping("/join-codes/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @RequiresPermission(Permission.COMMUNITY_WRITE)
    void delete(CurrentWorkspace workspace, @PathVariable long id) {
        codes.delete(workspace.tenant(), id, clock.instant());
    }

    /** WeCom's owner-day figures kept so far, and where the group message figures come from. */
    @GetMapping("/statistics")
    @RequiresPermission(Permission.COMMUNITY_READ)
    StatisticsResponse statistics(
            CurrentWorkspace workspace,
            @RequestParam(required = false) @Nullable LocalDate from,
            @RequestParam(required = false) @Nullable LocalDate to) {
        LocalDate last = to == null ? statistics.lastFinishedDay() : to;
        LocalDate first = from == null ? last.minusDays(29) : from;
        return new StatisticsResponse(
                statistics.source(workspace.tenant()).name().toLowerCase(java.util.Locale.ROOT),
                statistics.lastFinishedDay(),
                statistics.rows(workspace.tenant(), first, last).stream()
                        .map(OwnerDayResponse::of)
                        .toList());
    }

    /** Pulls one finished day from WeCom now (the nightly job does yesterday's by itself). */
    @PostMapping("/statistics/pull")
    @RequiresPermission(Permission.COMMUNITY_WRITE)
    CommunityResponses.Count pull(CurrentWorkspace workspace, @Valid @RequestBody PullRequest body) {
        if (body.day().isAfter(statistics.lastFinishedDay())) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "day-not-finished",
                    "WeCom's figures are final from the next Beijing day on; pick " + statistics.lastFinishedDay()
                            + " or earlier.",
                    "day");
        }
        return new CommunityResponses.Count(statistics.pull(workspace.tenant(), body.day()));
    }
}
