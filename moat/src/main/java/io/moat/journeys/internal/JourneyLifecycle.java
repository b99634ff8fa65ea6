package io.moat.journeys.internal;

import io.moat.journeys.definition.DefinitionJson;
import io.moat.journeys.definition.JourneyDefinition;
import io.moat.journeys.internal.JourneyStore.JourneyRow;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Publishing, pausing and resuming journeys. Publishing freezes the draft as the next version, which new enrolments
 * take while running ones finish on theirs. Call in the workspace's scope.
 */
@Service
@Transactional
public class JourneyLifecycle {

    private final JourneyStore store;
    private final Definitions definitions;
    private final GoingLive live;
    private final HeldEnrolments held;
    private final Clock clock;

    JourneyLifecycle(JourneyStore store, Definitions definitions, GoingLive live, HeldEnrolments held, Clock clock) {
        this.store = store;
        this.definitions = definitions;
        this.live = live;
        this.held = held;
        this.clock = clock;
    }

    public JourneyRow publish(TenantId tenant, long id) {
        JourneyRow journey = store.lock(tenant, id);
        JourneyDefinition definition = definitions.check(journey.draft());
        live.checkResolvable(tenant, definition);
        int version = store.publish(
                tenant,
                id,
                DefinitionJson.text(definition),
                DefinitionJson.tree(definition).path("trigger").path("type").asString(),
                CallContext.current().actor(),
                clock.instant());
        if (!journey.status().equals("paused")) {
            live.arm(tenant, id, version, definition.trigger(), clock.instant());
        }
        return store.get(tenant, id);
    }

    public JourneyRow pause(TenantId tenant, long id) {
        JourneyRow journey = store.lock(tenant, id);
        if (!journey.status().equals("active")) {
            throw new Problem(
                    HttpStatus.CONFLICT, "journey-not-active", "Only an active journey can be paused.", "status");
        }
        store.status(tenant, id, "paused", clock.instant());
        return store.get(tenant, id);
    }

    /** Resumes a paused journey; enrolments held meanwhile are due again at once (or at their own later due time). */
    public JourneyRow resume(TenantId tenant, long id) {
        JourneyRow journey = store.lock(tenant, id);
        if (!journey.status().equals("paused")) {
            throw new Problem(
                    HttpStatus.CONFLICT, "journey-not-paused", "Only a paused journey can be resumed.", "status");
        }
        Instant now = clock.instant();
        store.status(tenant, id, "active", now);
        held.release(tenant, id, now);
        int latest = Objects.requireNonNull(journey.latestVersion());
        live.arm(
                tenant,
                id,
                latest,
                definitions.version(tenant, id, latest).definition().trigger(),
                now);
        return store.get(tenant, id);
    }
}
