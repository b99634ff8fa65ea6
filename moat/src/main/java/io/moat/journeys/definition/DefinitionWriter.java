package io.moat.journeys.definition;

import java.time.DayOfWeek;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Writes a definition in the JSON form {@link DefinitionJson} reads; reading what it writes gives it back. */
final class DefinitionWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private DefinitionWriter() {}

    static ObjectNode write(JourneyDefinition definition) {
        ObjectNode json = JSON.createObjectNode();
        json.set("trigger", TriggerJson.write(definition.trigger()));
        ObjectNode entry = json.putObject("entry");
        switch (definition.entry()) {
            case EntryRule.Once once -> entry.put("type", "once");
            case EntryRule.OncePer per -> entry.put("type", "oncePer").put("days", per.days());
            case EntryRule.EveryTime every -> entry.put("type", "everyTime");
        }
        ArrayNode exits = json.putArray("exitOn");
        definition.exitOn().stream().sorted().forEach(e -> exits.add(e.code()));
        json.put("attributionDays", definition.attributionDays());
        json.set("steps", sequence(definition.steps()));
        return json;
    }

    private static ArrayNode sequence(List<Step> steps) {
        ArrayNode array = JSON.createArrayNode();
        steps.forEach(step -> array.add(step(step)));
        return array;
    }

    private static ObjectNode step(Step step) {
        ObjectNode json = JSON.createObjectNode().put("id", step.id());
        switch (step) {
            case Step.Wait wait -> duration(json.put("type", "wait"), wait.duration());
            case Step.WaitUntil until -> {
                json.put("type", "waitUntil").put("time", until.time().toString());
                ArrayNode days = json.putArray("days");
                until.days().stream()
                        .sorted()
                        .map(DayOfWeek::name)
                        .map(d -> d.substring(0, 3))
                        .forEach(days::add);
            }
            case Step.WaitForEvent wait -> {
                duration(
                        json.put("type", "waitForEvent")
                                .put("event", wait.event().code()),
                        wait.timeout());
                json.set("onEvent", sequence(wait.onEvent()));
                json.set("onTimeout", sequence(wait.onTimeout()));
            }
            case Step.Branch branch -> {
                json.put("type", "branch").set("condition", branch.condition());
                json.set("yes", sequence(branch.yes()));
                json.set("no", sequence(branch.no()));
            }
            case Step.Split split -> {
                json.put("type", "split").put("holdoutPercent", split.holdoutPercent());
                ArrayNode arms = json.putArray("arms");
                for (Step.Arm arm : split.arms()) {
                    ObjectNode a = arms.addObject().put("name", arm.name()).put("percent", arm.percent());
                    a.set("steps", sequence(arm.steps()));
                }
            }
            case Step.SendMessage send -> json.put("type", "sendMessage").put("text", send.text());
            case Step.SendToGroup send -> {
                json.put("type", "sendToGroup").put("text", send.text());
                send.chatIds().forEach(json.putArray("chatIds")::add);
            }
            case Step.AddTags tags -> {
                json.put("type", "addTags");
                tags.tagIds().forEach(json.putArray("tagIds")::add);
            }
            case Step.RemoveTags tags -> {
                json.put("type", "removeTags");
                tags.tagIds().forEach(json.putArray("tagIds")::add);
            }
            case Step.CreateTask task ->
                json.put("type", "createTask")
                        .put("kind", task.kind().name().toLowerCase(Locale.ROOT))
                        .put("title", task.title())
                        .put("dueHours", task.dueIn().toHours());
            case Step.UpdateField update ->
                json.put("type", "updateField").put("field", update.field()).put("value", update.value());
            case Step.Exit exit -> json.put("type", "exit");
        }
        return json;
    }

    private static void duration(ObjectNode json, Duration duration) {
        json.put("days", duration.toDays())
                .put("hours", duration.toHoursPart())
                .put("minutes", duration.toMinutesPart());
    }
}
