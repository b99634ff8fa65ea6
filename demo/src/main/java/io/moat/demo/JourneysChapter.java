package io.moat.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The operators' playbook running: one journey from each of Moat's templates (new fan, new buyer to repurchase,
 * dormant wake-up, old-customer care, high-ticket care), created and published through the journeys API like an
 * operator would in the console. From here on every live add and paid order enters them, so the adds of the
 * acquisition chapter and the keep-alive orders flow through their funnels and into the send log.
 */
@Component
class JourneysChapter implements DemoChapter {

    /** Journey ids by template key, for the chapters after this one. */
    static final String JOURNEYS = "journeys";

    @Override
    public String key() {
        return "journeys";
    }

    @Override
    public String title() {
        return "the journey templates published and running";
    }

    @Override
    public int order() {
        return 550;
    }

    @Override
    public void build(DemoWorld world, ChapterProgress progress) {
        String base = world.workspacePath() + "/journeys";
        JsonNode templates = world.moat().get(base + "/templates");
        Map<String, Long> journeys = new LinkedHashMap<>();
        for (JsonNode template : templates) {
            String key = template.path("key").asString();
            JsonNode created =
                    world.moat().post(base, Map.of("name", template.path("name").asString(), "template", key));
            long id = created.path("id").asLong();
            world.moat().post(base + "/" + id + "/publish", Map.of());
            journeys.put(key, id);
            progress.done(journeys.size() / (double) templates.size(), journeys.size() + " journeys published");
        }
        world.facts.put(JOURNEYS, Map.copyOf(journeys));
        progress.done(1, journeys.size() + " journeys published: " + String.join(", ", journeys.keySet()));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Long> journeys(DemoWorld world) {
        return (Map<String, Long>) world.facts.getOrDefault(JOURNEYS, Map.of());
    }
}
