package io.moat.journeys.internal;

import io.moat.audiences.Audiences;
import io.moat.journeys.definition.JourneyDefinition;
import io.moat.journeys.definition.Trigger;
import io.moat.shared.TenantId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How many customers a journey would take in, estimated from the recent past with an audience over the trigger:
 * adds in the last 30 days (through its channels), buyers of the last 30 days, today's members of its groups.
 * Triggers that depend on what has not happened yet (segment changes, API events, manual enrolment) have no
 * estimate.
 */
@Service
@Transactional(readOnly = true)
public class Preview {

    static final int WINDOW_DAYS = 30;

    private final Audiences audiences;

    Preview(Audiences audiences) {
        this.audiences = audiences;
    }

    /** {@code basis} names what was counted, as a message key; no estimate: empty. */
    public record Estimate(long count, String basis) {}

    public Optional<Estimate> of(TenantId tenant, JourneyDefinition definition) {
        return condition(definition.trigger())
                .map(c -> new Estimate(audiences.count(tenant, audiences.parse(c.json())), c.basis()));
    }

    private record Basis(String json, String basis) {}

    private static Optional<Basis> condition(Trigger trigger) {
        return switch (trigger) {
            case Trigger.CustomerAdded added ->
                Optional.of(new Basis(
                        added.channels().isEmpty()
                                ? "{\"v\":1,\"added\":{\"withinDays\":" + WINDOW_DAYS + "}}"
                                : "{\"v\":1,\"all\":[{\"added\":{\"withinDays\":" + WINDOW_DAYS
                                        + "}},{\"channel\":{\"touch\":\"any\",\"any\":" + list(added.channels())
                                        + "}}]}",
                        "addedLast30Days"));
            case Trigger.OrderPaid paid ->
                Optional.of(
                        new Basis("{\"v\":1,\"lastOrder\":{\"withinDays\":" + WINDOW_DAYS + "}}", "boughtLast30Days"));
            case Trigger.JoinedGroup joined ->
                joined.chatIds().isEmpty()
                        ? Optional.empty()
                        : Optional.of(new Basis(
                                "{\"v\":1,\"group\":{\"any\":" + list(joined.chatIds()) + "}}", "groupMembersNow"));
            case Trigger.Dormant dormant ->
                Optional.of(new Basis(DormancySweep.condition(dormant.days()), "buyersDormantNow"));
            case Trigger.TagAssigned tag ->
                Optional.of(new Basis("{\"v\":1,\"tag\":{\"any\":[" + tag.tagId() + "]}}", "taggedNow"));
            default -> Optional.empty();
        };
    }

    private static String list(List<String> values) {
        return values.stream()
                .map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "[", "]"));
    }
}
