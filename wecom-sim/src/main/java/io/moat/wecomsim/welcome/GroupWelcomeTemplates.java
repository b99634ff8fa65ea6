package io.moat.wecomsim.welcome;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The corp's group welcome templates. Callers hold the corp's lock. */
public final class GroupWelcomeTemplates {

    private final Map<String, GroupWelcomeTemplate> templates = new LinkedHashMap<>();

    public void put(GroupWelcomeTemplate template) {
        templates.put(template.templateId(), template);
    }

    public Optional<GroupWelcomeTemplate> find(String templateId) {
        return Optional.ofNullable(templateId == null ? null : templates.get(templateId));
    }

    public Optional<GroupWelcomeTemplate> remove(String templateId) {
        return Optional.ofNullable(templates.remove(templateId));
    }

    public int size() {
        return templates.size();
    }
}
