package io.moat.journeys.internal;

import io.moat.community.TypedGroups;
import io.moat.journeys.calendar.Occurrence;
import io.moat.journeys.calendar.SlotExpansion;
import io.moat.journeys.calendar.SopCalendar;
import io.moat.shared.TenantId;
import io.moat.shared.schedule.DueWork;
import io.moat.shared.schedule.DueWorkHandler;
import io.moat.shared.schedule.Outcome;
import io.moat.workspace.WorkspaceDirectory;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a calendar revision at each of its occurrences: every slot occurrence since the previous run (at most {@link
 * #CATCH_UP} back, so a Moat that was down all morning does not post the morning check-in at noon) becomes a post in
 * every live group of the calendar's type, then the row re-arms itself at the next occurrence. A saved calendar has
 * a new revision and its own row; this one then ends. The post rows and send keys make a second run harmless.
 */
@Component
class SopSweep implements DueWorkHandler {

    static final String KIND = "journeys.sop";
    static final Duration CATCH_UP = Duration.ofHours(3);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SopCalendars calendars;
    private final SopPosts posts;
    private final TypedGroups groups;
    private final WorkspaceDirectory zones;

    SopSweep(SopCalendars calendars, SopPosts posts, TypedGroups groups, WorkspaceDirectory zones) {
        this.calendars = calendars;
        this.posts = posts;
        this.groups = groups;
        this.zones = zones;
    }

    static String payload(long calendarId, int revision, Instant from) {
        return "{\"calendar\":" + calendarId + ",\"revision\":" + revision + ",\"from\":\"" + from + "\"}";
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Outcome handle(DueWork work) {
        var payload = JSON.readTree(work.payload());
        long calendarId = payload.path("calendar").asLong();
        int revision = payload.path("revision").asInt();
        TenantId tenant = work.tenant();
        SopCalendar calendar = calendars.byId(tenant, calendarId).orElse(null);
        if (calendar == null || !calendar.active() || calendar.revision() != revision) {
            return Outcome.done();
        }
        ZoneId zone = zones.zoneOf(tenant);
        Instant now = work.now();
        Instant from = Instant.parse(payload.path("from").asString());
        if (from.isBefore(now.minus(CATCH_UP))) {
            from = now.minus(CATCH_UP);
        }
        var due = SlotExpansion.between(calendar.slots(), zone, from, now);
        if (!due.isEmpty()) {
            var live = groups.live(tenant, calendar.groupType()).stream()
                    .filter(g -> g.owner() != null)
                    .toList();
            for (Occurrence occurrence : due) {
                live.forEach(group -> posts.post(tenant, calendar, occurrence, group, now));
            }
        }
        return SlotExpansion.next(calendar.slots(), zone, now)
                .<Outcome>map(next -> Outcome.later(next.at(), payload(calendarId, revision, now)))
                .orElseGet(Outcome::done);
    }
}
