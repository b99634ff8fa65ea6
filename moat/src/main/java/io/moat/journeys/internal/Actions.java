package io.moat.journeys.internal;

import static io.moat.journeys.internal.JourneyStore.utc;

import io.moat.journeys.definition.Step;
import java.time.Instant;
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

    Actions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static String key(Enrolment enrolment, String stepId) {
        return "journey/" + enrolment.tenant() + "/" + enrolment.journeyId() + "/" + stepId + "/"
                + enrolment.customer().value() + "/" + enrolment.occurrence();
    }

    void perform(Enrolment enrolment, Step step, Instant at) {
        String key = key(enrolment, step.id());
        switch (step) {
            case Step.SendMessage send -> record(enrolment, step, "send", key, "unavailable", "send broker not merged", at);
            case Step.SendToGroup send ->
                record(enrolment, step, "group-send", key, "unavailable", "send broker not merged", at);
            case Step.AddTags tags ->
                record(enrolment, step, "add-tags", key, "unavailable", "the tags module offers no tagging API yet", at);
            case Step.RemoveTags tags ->
                record(enrolment, step, "remove-tags", key, "unavailable", "the tags module offers no tagging API yet", at);
            case Step.CreateTask task -> record(enrolment, step, "task", key, "unavailable", "staff tasks not merged", at);
            case Step.UpdateField field ->
                record(enrolment, step, "update-field", key, "unavailable", "customers offers no field update API yet", at);
            default -> throw new IllegalArgumentException("not an action: " + step);
        }
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
