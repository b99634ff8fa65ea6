package io.moat.journeys.internal;

import io.moat.customers.CustomerId;
import io.moat.customers.CustomerLookup;
import io.moat.shared.schedule.DueWork;
import io.moat.shared.schedule.DueWorkHandler;
import io.moat.shared.schedule.Outcome;
import io.moat.shared.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A trigger that matched a journey becomes a row of due work ({@code journeys.trigger}, keyed by journey and
 * trigger reference, so a redelivered event is a no-op), and this handler enrols the customer in that row's
 * transaction. A WeCom add may reach journeys before the customers module has made the profile: then the row is
 * retried shortly (a durable retry, not a sleeping thread).
 */
@Component
class TriggerIntake implements DueWorkHandler {

    static final String KIND = "journeys.trigger";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Schedule schedule;
    private final CustomerLookup customers;
    private final Enrolling enrolling;

    TriggerIntake(Schedule schedule, CustomerLookup customers, Enrolling enrolling) {
        this.schedule = schedule;
        this.customers = customers;
        this.enrolling = enrolling;
    }

    /** Who triggered: a profile, or a WeCom external_userid whose profile may still be on its way. */
    record Who(@Nullable CustomerId customer, @Nullable String externalUserId) {
        static Who customer(CustomerId customer) {
            return new Who(customer, null);
        }

        static Who wecom(String externalUserId) {
            return new Who(null, externalUserId);
        }
    }

    /** Schedules the enrolment in the current tenant's transaction; answers whether it was new. */
    boolean submit(JourneyStore.Live journey, Who who, String ref, Instant at) {
        return schedule.schedule(KIND, journey.journeyId() + ":" + ref, at, payload(journey, who, ref, at));
    }

    /**
     * {@link #submit}, but the row joins the ones this transaction schedules the same way and they are all added in
     * one statement as it commits: for a sweep that offers tens of thousands of customers at once, where a statement
     * (and its check) per customer took minutes. Whether the row was new is not known here.
     */
    void submitAtCommit(JourneyStore.Live journey, Who who, String ref, Instant at) {
        schedule.scheduleAtCommit(KIND, journey.journeyId() + ":" + ref, at, payload(journey, who, ref, at));
    }

    private static String payload(JourneyStore.Live journey, Who who, String ref, Instant at) {
        ObjectNode payload = JSON.createObjectNode()
                .put("journey", journey.journeyId())
                .put("version", journey.version())
                .put("ref", ref)
                .put("at", at.toString());
        if (who.customer() != null) {
            payload.put("customer", who.customer().value());
        } else {
            payload.put("externalUserId", who.externalUserId());
        }
        return JSON.writeValueAsString(payload);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Outcome handle(DueWork work) {
        JsonNode payload = JSON.readTree(work.payload());
        Optional<CustomerId> customer = payload.has("customer")
                ? Optional.of(new CustomerId(payload.path("customer").asLong()))
                : customers.byExternalUserId(
                        work.tenant(), payload.path("externalUserId").asString());
        if (customer.isEmpty()) {
            throw new IllegalStateException(
                    "no profile yet for " + payload.path("externalUserId").asString());
        }
        enrolling.enrol(
                work.tenant(),
                payload.path("journey").asLong(),
                payload.path("version").asInt(),
                customer.get(),
                payload.path("ref").asString(),
                Instant.parse(payload.path("at").asString()));
        return new Outcome.Done();
    }

    @Override
    public Duration backoff(int attempts) {
        return Duration.ofSeconds(Math.min(600, 2L << Math.min(attempts, 10)));
    }
}
