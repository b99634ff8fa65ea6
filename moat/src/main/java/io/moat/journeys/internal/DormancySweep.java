package io.moat.journeys.internal;

import io.moat.audiences.Audiences;
import io.moat.audiences.MemberPage;
import io.moat.customers.CustomerId;
import io.moat.journeys.definition.Trigger;
import io.moat.journeys.internal.TriggerIntake.Who;
import io.moat.shared.TenantId;
import io.moat.shared.schedule.DueWork;
import io.moat.shared.schedule.DueWorkHandler;
import io.moat.shared.schedule.Outcome;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The "dormant for N days" trigger: once a day while a journey with it is active, everyone the audiences module
 * counts as dormant (a buyer with no paid order, no benefit claimed and no link opened in the last N days) is
 * offered to the journey; its entry rule decides who enters (once, or once per so many days). The sweep is one row
 * of due work per journey that re-arms itself for the next day and stops when the journey is paused or changed.
 */
@Component
class DormancySweep implements DueWorkHandler {

    static final String KIND = "journeys.dormancy";
    private static final int PAGE = 1000;

    private final LiveSweep sweep;
    private final Audiences audiences;
    private final TriggerIntake intake;

    DormancySweep(LiveSweep sweep, Audiences audiences, TriggerIntake intake) {
        this.sweep = sweep;
        this.audiences = audiences;
        this.intake = intake;
    }

    /** Starts the daily sweep of a journey just published or resumed (in the caller's transaction). */
    void start(long journeyId, int version, Instant now) {
        sweep.start(KIND, journeyId, version, now);
    }

    static String condition(int days) {
        return "{\"v\":1,\"all\":[{\"orders\":{\"min\":1}},{\"not\":{\"lastOrder\":{\"withinDays\":" + days + "}}},"
                + "{\"not\":{\"activity\":{\"kind\":\"benefit-claimed\",\"withinDays\":" + days + "}}},"
                + "{\"not\":{\"activity\":{\"kind\":\"link-opened\",\"withinDays\":" + days + "}}}]}";
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Outcome handle(DueWork work) {
        var target = sweep.target(work, Trigger.Dormant.class).orElse(null);
        if (target == null) {
            return new Outcome.Done();
        }
        Trigger.Dormant dormant = target.trigger();
        TenantId tenant = work.tenant();
        var live = target.live();
        long day = work.dueAt().getEpochSecond() / 86_400;
        var condition = audiences.parse(condition(dormant.days()));
        @Nullable CustomerId after = null;
        do {
            MemberPage page = audiences.members(tenant, condition, after, PAGE);
            for (CustomerId customer : page.customers()) {
                intake.submitAtCommit(
                        live, Who.customer(customer), "dormant:" + customer.value() + ":" + day, work.dueAt());
            }
            after = page.next();
        } while (after != null);
        return new Outcome.Later(work.dueAt().plus(Duration.ofDays(1)), null);
    }
}
