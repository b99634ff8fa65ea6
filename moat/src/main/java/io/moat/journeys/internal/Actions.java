package io.moat.journeys.internal;

import static io.moat.journeys.internal.JourneyStore.utc;

import io.moat.customers.CustomerLookup;
import io.moat.journeys.definition.Step;
import io.moat.messaging.Channel;
import io.moat.messaging.Content;
import io.moat.messaging.Priority;
import io.moat.messaging.SendBroker;
import io.moat.messaging.SendKey;
import io.moat.messaging.SendRequest;
import io.moat.tasks.NewTask;
import io.moat.tasks.StaffTasks;
import io.moat.tasks.Task;
import io.moat.tasks.TaskSubject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Performs the action steps of an enrolment inside its transaction and records each in {@code journeys.action}
 * (one row per enrolment and step, so a repeated run changes nothing). Each action carries the deterministic key
 * workspace/journey/step/customer/occurrence, which the send broker uses to send at most once.
 */
@Component
class Actions {

    private final JdbcClient jdbc;
    private final CustomerLookup customers;
    private final StaffTasks tasks;
    private final SendBroker broker;
    private final ProfileChanges profile;
    private final GroupSends groupSends;

    Actions(
            JdbcClient jdbc,
            CustomerLookup customers,
            StaffTasks tasks,
            SendBroker broker,
            ProfileChanges profile,
            GroupSends groupSends) {
        this.jdbc = jdbc;
        this.customers = customers;
        this.tasks = tasks;
        this.broker = broker;
        this.profile = profile;
        this.groupSends = groupSends;
    }

    /**
     * Asks the send broker for the 1:1 message in this transaction, keyed workspace-implicitly by journey, step,
     * customer and occurrence (so a step run twice asks for the same send), not before the step's logical moment;
     * the broker checks consent, quiet hours, caps and WeCom's quota and gives the send its one final state.
     */
    private void send(Enrolment enrolment, Step.SendMessage step, Instant at) {
        String journey = Long.toString(enrolment.journeyId());
        String key =
                SendKey.of(journey, step.id(), enrolment.customer().value(), Integer.toString(enrolment.occurrence()));
        SendRequest request = new SendRequest(
                key,
                Channel.CUSTOMER,
                enrolment.customer(),
                null,
                null,
                Content.text(step.text()),
                Priority.NORMAL,
                at,
                null,
                null,
                journey,
                step.id());
        long sendId = broker.request(request);
        record(enrolment, step, "send", key, "requested", "send " + sendId, at);
    }

    static String key(Enrolment enrolment, String stepId) {
        return "journey/" + enrolment.tenant() + "/" + enrolment.journeyId() + "/" + stepId + "/"
                + enrolment.customer().value() + "/" + enrolment.occurrence();
    }

    void perform(Enrolment enrolment, Step step, Instant at) {
        String key = key(enrolment, step.id());
        switch (step) {
            case Step.SendMessage send -> send(enrolment, send, at);
            case Step.SendToGroup send ->
                record(enrolment, step, "group-send", key, "requested", groupSends.request(enrolment, send, at), at);
            case Step.AddTags tags -> tag(enrolment, step, "add-tags", key, tags.tagIds(), List.of(), at);
            case Step.RemoveTags tags -> tag(enrolment, step, "remove-tags", key, List.of(), tags.tagIds(), at);
            case Step.CreateTask task -> task(enrolment, task, key, at);
            case Step.UpdateField field -> field(enrolment, field, key, at);
            default -> throw new IllegalArgumentException("not an action: " + step);
        }
    }

    private void tag(
            Enrolment enrolment, Step step, String kind, String key, List<Long> add, List<Long> remove, Instant at) {
        var done = profile.tag(enrolment, add, remove);
        record(enrolment, step, kind, key, done.outcome(), done.detail(), at);
    }

    private void field(Enrolment enrolment, Step.UpdateField step, String key, Instant at) {
        var done = profile.field(enrolment, step.field(), step.value());
        record(enrolment, step, "update-field", key, done.outcome(), done.detail(), at);
    }

    /** A task for the staff member who follows the customer (the first, if several do); none: skipped. */
    private void task(Enrolment enrolment, Step.CreateTask step, String key, Instant at) {
        var reach = customers
                .reach(enrolment.tenant(), List.of(enrolment.customer()))
                .get(enrolment.customer());
        if (reach == null || reach.activeStaff().isEmpty()) {
            record(enrolment, step, "task", key, "skipped", "no staff member follows the customer", at);
            return;
        }
        Task task = tasks.assign(
                enrolment.tenant(),
                new NewTask(
                        "journeys." + step.kind().name().toLowerCase(Locale.ROOT),
                        reach.activeStaff().getFirst(),
                        new TaskSubject(enrolment.customer().value(), reach.externalUserId(), null),
                        step.title(),
                        step.title(),
                        Map.of("journey", enrolment.journeyId(), "step", step.id()),
                        at.plus(step.dueIn()),
                        key));
        record(enrolment, step, "task", key, "created", "task " + task.id().value(), at);
    }

    private void record(
            Enrolment enrolment,
            Step step,
            String kind,
            String key,
            String outcome,
            @Nullable String detail,
            Instant at) {
        jdbc.sql("""
                insert into journeys.action (tenant_id, enrolment_id, step_id, kind, idempotency_key, outcome, detail, at)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict do nothing
                """)
                .params(enrolment.tenant().value(), enrolment.id(), step.id(), kind, key, outcome, detail, utc(at))
                .update();
    }
}
