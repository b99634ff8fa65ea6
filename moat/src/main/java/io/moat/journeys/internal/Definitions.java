package io.moat.journeys.internal;

import io.moat.audiences.AudienceCondition;
import io.moat.audiences.Audiences;
import io.moat.journeys.definition.DefinitionJson;
import io.moat.journeys.definition.JourneyDefinition;
import io.moat.journeys.definition.Step;
import io.moat.shared.TenantId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Reads definitions: a draft or request is checked in full (branch conditions by the audiences module's reader);
 * published versions never change, so each is parsed once and kept, with its branch conditions read.
 */
@Component
class Definitions {

    private final JourneyStore store;
    private final Audiences audiences;
    private final Map<String, Parsed> versions = new ConcurrentHashMap<>();

    Definitions(JourneyStore store, Audiences audiences) {
        this.store = store;
        this.audiences = audiences;
    }

    /** A published version with its branch conditions read. */
    record Parsed(
            long journeyId, int version, JourneyDefinition definition, Map<String, AudienceCondition> conditions) {

        AudienceCondition condition(Step.Branch branch) {
            return conditions.get(branch.id());
        }
    }

    JourneyDefinition check(JsonNode json) {
        return DefinitionJson.read(json, audiences::parse);
    }

    JourneyDefinition check(String json) {
        return DefinitionJson.parse(json, audiences::parse);
    }

    Parsed version(TenantId tenant, long journeyId, int version) {
        return versions.computeIfAbsent(tenant + "/" + journeyId + "/" + version, key -> {
            JourneyDefinition definition = check(store.definition(tenant, journeyId, version));
            Map<String, AudienceCondition> conditions = new ConcurrentHashMap<>();
            for (Step step : definition.allSteps()) {
                if (step instanceof Step.Branch branch) {
                    conditions.put(branch.id(), audiences.parse(branch.condition(), "condition"));
                }
            }
            return new Parsed(journeyId, version, definition, Map.copyOf(conditions));
        });
    }
}
