package io.moat.journeys.internal;

import io.moat.journeys.definition.DefinitionJson;
import io.moat.journeys.definition.JourneyDefinition;
import io.moat.journeys.internal.JourneyStore.JourneyRow;
import io.moat.journeys.templates.JourneyTemplates;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Creating and editing journeys: drafts are always valid definitions (publishing, pausing and resuming are {@link
 * JourneyLifecycle}'s, enrolling by hand or by API event {@link DirectEnrolment}'s). Call in the workspace's scope.
 */
@Service
@Transactional
public class JourneyManagement {

    private final JourneyStore store;
    private final Definitions definitions;
    private final Clock clock;

    JourneyManagement(JourneyStore store, Definitions definitions, Clock clock) {
        this.store = store;
        this.definitions = definitions;
        this.clock = clock;
    }

    /** Checks a definition without saving it; a fault is a problem naming its field. */
    @Transactional(readOnly = true)
    public JourneyDefinition check(JsonNode definition) {
        return definitions.check(definition);
    }

    public JourneyRow create(TenantId tenant, String name, @Nullable JsonNode definition, @Nullable String template) {
        String json;
        if (template != null) {
            json = JourneyTemplates.byKey(template)
                    .orElseThrow(() -> new Problem(
                            HttpStatus.BAD_REQUEST, "unknown-template", "No template " + template + ".", "template"))
                    .definition();
        } else if (definition != null) {
            json = DefinitionJson.text(definitions.check(definition));
        } else {
            throw new Problem(
                    HttpStatus.BAD_REQUEST, "invalid-journey", "Give a definition or a template.", "definition");
        }
        String draft = DefinitionJson.text(definitions.check(json));
        return store.get(tenant, store.create(tenant, name, draft, template, clock.instant()));
    }

    public JourneyRow saveDraft(TenantId tenant, long id, String name, JsonNode definition) {
        JourneyRow journey = store.lock(tenant, id);
        String draft = DefinitionJson.text(definitions.check(definition));
        store.saveDraft(tenant, journey.id(), name, draft, clock.instant());
        return store.get(tenant, id);
    }

    @Transactional(readOnly = true)
    public List<JourneyRow> list(TenantId tenant) {
        return store.list(tenant);
    }
}
