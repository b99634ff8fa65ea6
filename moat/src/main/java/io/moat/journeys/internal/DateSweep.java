package io.moat.journeys.internal;

import io.moat.customers.CustomerFieldValues;
import io.moat.customers.CustomerId;
import io.moat.journeys.definition.Trigger;
import io.moat.journeys.internal.TriggerIntake.Who;
import io.moat.shared.TenantId;
import io.moat.shared.schedule.DueWork;
import io.moat.shared.schedule.DueWorkHandler;
import io.moat.shared.schedule.Outcome;
import io.moat.workspace.WorkspaceDirectory;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The date trigger: once a local day (in the workspace's zone) while a journey with it is active, the customers
 * whose custom date field is {@code offsetDays} before today (every year on the anniversary, or once on the exact
 * date) are enrolled at the trigger's time of day, or at once if that time has passed when the sweep runs. The
 * trigger reference is the customer and the local day, so a sweep run twice enrols nobody twice. One row of due work
 * per journey version re-arms itself at the next local midnight and stops when the journey is paused or changed.
 */
@Component
class DateSweep implements DueWorkHandler {

    static final String KIND = "journeys.date";

    private final LiveSweep sweep;
    private final CustomerFieldValues fields;
    private final TriggerIntake intake;
    private final WorkspaceDirectory zones;

    DateSweep(LiveSweep sweep, CustomerFieldValues fields, TriggerIntake intake, WorkspaceDirectory zones) {
        this.sweep = sweep;
        this.fields = fields;
        this.intake = intake;
        this.zones = zones;
    }

    /** Starts the daily sweep of a journey just published or resumed (in the caller's transaction). */
    void start(long journeyId, int version, Instant now) {
        sweep.start(KIND, journeyId, version, now);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Outcome handle(DueWork work) {
        var target = sweep.target(work, Trigger.DateProperty.class).orElse(null);
        if (target == null) {
            return new Outcome.Done();
        }
        Trigger.DateProperty date = target.trigger();
        TenantId tenant = work.tenant();
        ZoneId zone = zones.zoneOf(tenant);
        Instant now = work.now();
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate onDate = today.minusDays(date.offsetDays());
        Instant at = today.atTime(date.time()).atZone(zone).toInstant();
        Instant enrolAt = at.isBefore(now) ? now : at;
        var live = target.live();
        for (CustomerId customer : due(tenant, date, onDate)) {
            intake.submit(live, Who.customer(customer), "date:" + customer.value() + ":" + today, enrolAt);
        }
        return new Outcome.Later(today.plusDays(1).atStartOfDay(zone).toInstant(), null);
    }

    /** Whose field holds the date (a yearly trigger: its month and day; 29 February falls on the 28th otherwise). */
    private List<CustomerId> due(TenantId tenant, Trigger.DateProperty date, LocalDate onDate) {
        if (!date.yearly()) {
            return fields.onDate(tenant, date.field(), onDate);
        }
        List<CustomerId> due =
                new java.util.ArrayList<>(fields.onAnniversary(tenant, date.field(), MonthDay.from(onDate)));
        if (!onDate.isLeapYear() && onDate.getMonthValue() == 2 && onDate.getDayOfMonth() == 28) {
            due.addAll(fields.onAnniversary(tenant, date.field(), MonthDay.of(2, 29)));
        }
        return due;
    }
}
