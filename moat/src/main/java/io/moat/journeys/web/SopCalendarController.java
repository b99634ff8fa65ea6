package io.moat.journeys.web;

import io.moat.community.TypedGroups;
import io.moat.journeys.calendar.SlotExpansion;
import io.moat.journeys.calendar.SopCalendar;
import io.moat.journeys.calendar.SopSlot;
import io.moat.journeys.internal.SopCalendars;
import io.moat.journeys.internal.SopPosts;
import io.moat.messaging.Attachment;
import io.moat.shared.Problem;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/sop-calendars")
class SopCalendarController {

    private final SopCalendars calendars;
    private final SopPosts posts;
    private final TypedGroups groups;
    private final Clock clock;

    SopCalendarController(SopCalendars calendars, SopPosts posts, TypedGroups groups, Clock clock) {
        this.calendars = calendars;
        this.posts = posts;
        this.groups = groups;
        this.clock = clock;
    }

    record SlotBody(
            @Nullable @Size(max = 40) String key,
            @Nullable @Min(1) @Max(7) Integer weekday,

            @NotBlank @Pattern(regexp = "([01][0-9]|2[0-3]):[0-5][0-9]")
            String time,

            @NotBlank @Size(max = 40) String title,
            @NotNull @Size(max = 4000) String text,
            @Nullable @Size(max = 9) List<@Valid AttachmentBody> attachments) {}

    record SaveCalendarRequest(
            @NotBlank @Size(max = 60) String name,
            boolean active,
            @NotNull @Size(max = 60) List<@Valid @NotNull SlotBody> slots) {}

    record Upcoming(String slotKey, String title, LocalDate date, Instant at, int groups) {}

    record Posts(List<Upcoming> upcoming, List<SopPosts.Post> past) {}

    @GetMapping
    @RequiresPermission(Permission.JOURNEYS_READ)
    Map<String, Object> list(CurrentWorkspace workspace) {
        return Map.of("types", TypedGroups.types(), "calendars", calendars.list(workspace.tenant()));
    }

    @PutMapping("/{groupType}")
    @RequiresPermission(Permission.JOURNEYS_WRITE)
    SopCalendar save(
            CurrentWorkspace workspace, @PathVariable String groupType, @Valid @RequestBody SaveCalendarRequest body) {
        List<SopSlot> slots = new java.util.ArrayList<>();
        for (int i = 0; i < body.slots().size(); i++) {
            slots.add(slot(body.slots().get(i), "slots[" + i + "]"));
        }
        return calendars.save(workspace.tenant(), groupType, body.name().strip(), body.active(), slots);
    }

    /** The next {@code days} days' occurrences (each into every live group of the type) and the latest posts. */
    @GetMapping("/{groupType}/posts")
    @RequiresPermission(Permission.JOURNEYS_READ)
    Posts posts(
            CurrentWorkspace workspace,
            @PathVariable String groupType,
            @RequestParam(defaultValue = "7") @Min(1) @Max(31) int days,
            @RequestParam(defaultValue = "200") @Min(1) @Max(1000) int limit) {
        SopCalendar calendar = calendars
                .of(workspace.tenant(), groupType)
                .orElseThrow(() -> new Problem(
                        HttpStatus.NOT_FOUND, "calendar-not-found", "No calendar for " + groupType + ".", "groupType"));
        int live = (int) groups.live(workspace.tenant(), groupType).stream()
                .filter(g -> g.owner() != null)
                .count();
        Instant now = clock.instant();
        List<Upcoming> upcoming = calendar.active()
                ? SlotExpansion.between(calendar.slots(), workspace.timezone(), now, now.plus(Duration.ofDays(days)))
                        .stream()
                        .map(o -> new Upcoming(o.slot().key(), o.slot().title(), o.date(), o.at(), live))
                        .toList()
                : List.of();
        return new Posts(upcoming, posts.past(workspace.tenant(), calendar.id(), limit));
    }

    private static SopSlot slot(SlotBody body, String field) {
        List<Attachment> attachments =
                AttachmentBody.toAttachments(body.attachments(), "invalid-calendar", field + ".");
        return new SopSlot(
                body.key() == null ? "" : body.key(),
                body.weekday() == null ? null : DayOfWeek.of(body.weekday()),
                LocalTime.parse(body.time()),
                body.title().strip(),
                body.text(),
                attachments);
    }
}
