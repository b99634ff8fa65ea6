package io.moat.journeys.internal;

import io.moat.shared.TenantId;
import io.moat.shared.schedule.DueWork;
import io.moat.shared.schedule.DueWorkHandler;
import io.moat.shared.schedule.Outcome;
import io.moat.wecom.WecomMassMessages;
import io.moat.wecom.WecomMoments;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Posts a Moments plan at its moment: {@code add_moment_task} for the staff member with the plan's tags as WeCom corp
 * tags, then polls {@code get_moment_task_result} until WeCom has created the moment (the member then publishes it in
 * the client). The job id is stored with the plan in the same transaction as the call's outcome, and a plan already
 * past {@code scheduled} is never posted again. A refusal (or a job that ends with an error or refuses the sender)
 * fails the plan with WeCom's errcode and gives its places in customers' days back.
 */
@Component
class MomentPost implements DueWorkHandler {

    static final String KIND = "journeys.moment";
    static final Duration POLL = Duration.ofSeconds(2);

    private final JdbcClient jdbc;
    private final WecomMoments moments;
    private final io.moat.tags.TagWecomIds wecomTags;
    private final MomentReach reach;
    private final MomentPlans plans;

    MomentPost(
            JdbcClient jdbc,
            WecomMoments moments,
            io.moat.tags.TagWecomIds wecomTags,
            MomentReach reach,
            MomentPlans plans) {
        this.jdbc = jdbc;
        this.plans = plans;
        this.moments = moments;
        this.wecomTags = wecomTags;
        this.reach = reach;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int batchSize() {
        return 5;
    }

    @Override
    public Outcome handle(DueWork work) {
        TenantId tenant = work.tenant();
        long id = Long.parseLong(work.key().substring("moment:".length()));
        var plan = jdbc.sql("select status, job_id from journeys.moment_plan where tenant_id = ? and id = ? for update")
                .params(tenant.value(), id)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                .optional()
                .orElse(null);
        if (plan == null) {
            return Outcome.done();
        }
        return switch (plan[0]) {
            case "scheduled" -> post(tenant, id, work);
            case "creating" -> poll(tenant, id, java.util.Objects.requireNonNull(plan[1]), work);
            default -> Outcome.done();
        };
    }

    private Outcome post(TenantId tenant, long id, DueWork work) {
        if (!moments.configured(tenant)) {
            return fail(tenant, id, "wecom_not_configured");
        }
        var full = plans.get(tenant, id);
        List<String> corpTags = List.copyOf(wecomTags.of(tenant, full.tagIds()).values());
        if (corpTags.size() != full.tagIds().size()) {
            return fail(tenant, id, "tag_not_in_wecom");
        }
        String jobId;
        try {
            jobId = moments.post(
                    tenant,
                    List.of(full.staffUserId()),
                    corpTags,
                    full.text(),
                    full.attachments().stream()
                            .map(a -> new WecomMassMessages.Piece(a.kind(), a.mediaId(), a.title(), a.url()))
                            .toList());
        } catch (WecomMoments.Refused refused) {
            return fail(tenant, id, "wecom_" + refused.errcode());
        }
        jdbc.sql("update journeys.moment_plan set status = 'creating', job_id = ? where tenant_id = ? and id = ?")
                .params(jobId, tenant.value(), id)
                .update();
        return Outcome.later(work.now().plus(POLL));
    }

    private Outcome poll(TenantId tenant, long id, String jobId, DueWork work) {
        WecomMoments.Job job;
        try {
            job = moments.result(tenant, jobId).orElse(null);
        } catch (WecomMoments.Refused refused) {
            return fail(tenant, id, "wecom_" + refused.errcode());
        }
        if (job == null) {
            return Outcome.later(work.now().plus(POLL));
        }
        if (job.errcode() != 0
                || job.momentId() == null
                || !job.invalidSenders().isEmpty()) {
            return fail(tenant, id, job.errcode() != 0 ? "wecom_" + job.errcode() : "sender_refused");
        }
        jdbc.sql("update journeys.moment_plan set status = 'created', moment_id = ? where tenant_id = ? and id = ?")
                .params(job.momentId(), tenant.value(), id)
                .update();
        return Outcome.done();
    }

    private Outcome fail(TenantId tenant, long id, @Nullable String reason) {
        jdbc.sql("update journeys.moment_plan set status = 'failed', reason = ? where tenant_id = ? and id = ?")
                .params(reason, tenant.value(), id)
                .update();
        reach.uncount(tenant, id);
        return Outcome.done();
    }
}
