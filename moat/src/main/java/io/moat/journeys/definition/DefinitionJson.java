package io.moat.journeys.definition;

import io.moat.journeys.definition.Step.Arm;
import io.moat.journeys.definition.Step.TaskKind;
import io.moat.shared.Problem;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a journey definition from its JSON form, checking every field and naming the one at fault by its path
 * (e.g. {@code steps[2].arms[0].percent}), and writes it back in the same form. Example: {@code {"trigger":
 * {"type":"customerAdded","channels":["pkg"]},"entry":{"type":"once"},"exitOn":["orderPaid"],"steps":[{"id":
 * "hello","type":"sendMessage","text":"Hi"},{"id":"w1","type":"wait","days":7},…]}}. Audience conditions in
 * branches are checked by the given reader, which throws a {@link Problem} naming the field.
 */
public final class DefinitionJson {

    public static final String PROBLEM = "invalid-journey";
    static final int MAX_STEPS = 200;
    static final int MAX_DEPTH = 8;
    static final int MAX_TEXT_BYTES = 4000;
    static final Duration MAX_WAIT = Duration.ofDays(365);
    private static final Pattern STEP_ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BiConsumer<JsonNode, String> conditions;
    private final Set<String> ids = new HashSet<>();
    private int count;

    private DefinitionJson(BiConsumer<JsonNode, String> conditions) {
        this.conditions = conditions;
    }

    /** @param conditions checks an audience condition's JSON at the given field path, throwing a Problem */
    public static JourneyDefinition read(JsonNode node, BiConsumer<JsonNode, String> conditions) {
        return new DefinitionJson(conditions).definition(node);
    }

    public static JourneyDefinition parse(String json, BiConsumer<JsonNode, String> conditions) {
        return read(JSON.readTree(json), conditions);
    }

    public static String text(JourneyDefinition definition) {
        return JSON.writeValueAsString(DefinitionWriter.write(definition));
    }

    public static JsonNode tree(JourneyDefinition definition) {
        return DefinitionWriter.write(definition);
    }

    static Problem invalid(String field, String detail) {
        return new Problem(HttpStatus.BAD_REQUEST, PROBLEM, field + ": " + detail, field);
    }

    private JourneyDefinition definition(JsonNode node) {
        object(node, "definition");
        Trigger trigger = TriggerJson.read(node.path("trigger"), "trigger");
        EntryRule entry = entry(node.path("entry"), "entry");
        Set<JourneyEvent> exitOn = EnumSet.noneOf(JourneyEvent.class);
        JsonNode exits = node.path("exitOn");
        if (!exits.isMissingNode() && !exits.isNull()) {
            array(exits, "exitOn");
            for (int i = 0; i < exits.size(); i++) {
                exitOn.add(event(exits.get(i), "exitOn[" + i + "]"));
            }
        }
        List<Step> steps = sequence(node.path("steps"), "steps", 1);
        if (steps.isEmpty()) {
            throw invalid("steps", "a journey needs at least one step");
        }
        int attribution = node.path("attributionDays").isMissingNode()
                ? JourneyDefinition.DEFAULT_ATTRIBUTION_DAYS
                : integer(node, "attributionDays", 1, 90);
        return new JourneyDefinition(trigger, entry, exitOn, steps, attribution);
    }

    private static EntryRule entry(JsonNode node, String field) {
        if (node.isMissingNode() || node.isNull()) {
            return new EntryRule.Once();
        }
        object(node, field);
        return switch (node.path("type").asString("")) {
            case "once" -> new EntryRule.Once();
            case "everyTime" -> new EntryRule.EveryTime();
            case "oncePer" -> new EntryRule.OncePer(integer(node, field + ".days", 1, 3650));
            default -> throw invalid(field + ".type", "must be once, oncePer or everyTime");
        };
    }

    static JourneyEvent event(JsonNode node, String field) {
        return JourneyEvent.of(node.asString(""))
                .orElseThrow(
                        () -> invalid(field, "unknown event; one of orderPaid, joinedGroup, leftGroup, removedStaff"));
    }

    private List<Step> sequence(JsonNode node, String field, int depth) {
        if (depth > MAX_DEPTH) {
            throw invalid(field, "steps nest at most " + MAX_DEPTH + " deep");
        }
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        array(node, field);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = field + "[" + i + "]";
            Step step = step(node.get(i), at, depth);
            if (step instanceof Step.Exit && i < node.size() - 1) {
                throw invalid(field + "[" + (i + 1) + "]", "no step can follow an exit");
            }
            steps.add(step);
        }
        return steps;
    }

    private Step step(JsonNode node, String field, int depth) {
        object(node, field);
        if (++count > MAX_STEPS) {
            throw invalid(field, "a journey has at most " + MAX_STEPS + " steps");
        }
        String id = node.path("id").asString("");
        if (!STEP_ID.matcher(id).matches()) {
            throw invalid(field + ".id", "1 to 40 letters, digits, '-' or '_'");
        }
        if (!ids.add(id)) {
            throw invalid(field + ".id", "step id " + id + " is used twice");
        }
        return switch (node.path("type").asString("")) {
            case "wait" -> new Step.Wait(id, duration(node, field, MAX_WAIT));
            case "waitUntil" -> new Step.WaitUntil(id, time(node.path("time"), field + ".time"), days(node, field));
            case "waitForEvent" ->
                new Step.WaitForEvent(
                        id,
                        event(node.path("event"), field + ".event"),
                        duration(node, field, MAX_WAIT),
                        sequence(node.path("onEvent"), field + ".onEvent", depth + 1),
                        sequence(node.path("onTimeout"), field + ".onTimeout", depth + 1));
            case "branch" -> branch(node, field, id, depth);
            case "split" -> split(node, field, id, depth);
            case "sendMessage" -> new Step.SendMessage(id, message(node.path("text"), field + ".text"));
            case "sendToGroup" ->
                new Step.SendToGroup(
                        id,
                        strings(node.path("chatIds"), field + ".chatIds", 1, 2000),
                        message(node.path("text"), field + ".text"));
            case "addTags" -> new Step.AddTags(id, tagIds(node, field));
            case "removeTags" -> new Step.RemoveTags(id, tagIds(node, field));
            case "createTask" -> task(node, field, id);
            case "updateField" ->
                new Step.UpdateField(
                        id,
                        name(node.path("field"), field + ".field", 40),
                        text(node.path("value"), field + ".value", 200));
            case "exit" -> new Step.Exit(id);
            default ->
                throw invalid(
                        field + ".type",
                        "unknown step type; one of wait, waitUntil, waitForEvent, branch, split, sendMessage,"
                                + " sendToGroup, addTags, removeTags, createTask, updateField, exit");
        };
    }

    private Step branch(JsonNode node, String field, String id, int depth) {
        JsonNode condition = node.path("condition");
        object(condition, field + ".condition");
        conditions.accept(condition, field + ".condition");
        return new Step.Branch(
                id,
                condition,
                sequence(node.path("yes"), field + ".yes", depth + 1),
                sequence(node.path("no"), field + ".no", depth + 1));
    }

    private Step split(JsonNode node, String field, String id, int depth) {
        JsonNode arms = node.path("arms");
        array(arms, field + ".arms");
        int holdout = node.path("holdoutPercent").isMissingNode() ? 0 : integer(node, field + ".holdoutPercent", 0, 99);
        if (arms.isEmpty() || (arms.size() < 2 && holdout == 0)) {
            throw invalid(field + ".arms", "a split needs two arms, or one arm and a holdout");
        }
        List<Arm> read = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int total = holdout;
        for (int i = 0; i < arms.size(); i++) {
            String at = field + ".arms[" + i + "]";
            JsonNode arm = arms.get(i);
            object(arm, at);
            String name = name(arm.path("name"), at + ".name", 20);
            if (!names.add(name)) {
                throw invalid(at + ".name", "arm " + name + " is named twice");
            }
            int percent = integer(arm, at + ".percent", 1, 100);
            total += percent;
            read.add(new Arm(name, percent, sequence(arm.path("steps"), at + ".steps", depth + 1)));
        }
        if (total != 100) {
            throw invalid(field + ".arms", "arm percentages and the holdout add up to " + total + ", not 100");
        }
        return new Step.Split(id, read, holdout);
    }

    private static Step task(JsonNode node, String field, String id) {
        TaskKind kind;
        try {
            kind = TaskKind.valueOf(node.path("kind").asString("").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(field + ".kind", "one of call, visit, care");
        }
        int hours = integer(node, field + ".dueHours", 1, 24 * 30);
        return new Step.CreateTask(id, kind, text(node.path("title"), field + ".title", 100), Duration.ofHours(hours));
    }

    private static List<Long> tagIds(JsonNode node, String field) {
        JsonNode ids = node.path("tagIds");
        array(ids, field + ".tagIds");
        if (ids.isEmpty() || ids.size() > 100) {
            throw invalid(field + ".tagIds", "1 to 100 tag ids");
        }
        List<Long> tags = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!ids.get(i).canConvertToLong() || ids.get(i).asLong() <= 0) {
                throw invalid(field + ".tagIds[" + i + "]", "a tag id");
            }
            tags.add(ids.get(i).asLong());
        }
        return tags;
    }

    /** A duration from {@code days}, {@code hours} and {@code minutes} fields; more than zero, at most {@code max}. */
    static Duration duration(JsonNode node, String field, Duration max) {
        Duration total = Duration.ofDays(part(node, field, "days"))
                .plusHours(part(node, field, "hours"))
                .plusMinutes(part(node, field, "minutes"));
        if (total.isZero()) {
            throw invalid(field + ".days", "give days, hours or minutes (more than zero)");
        }
        if (total.compareTo(max) > 0) {
            throw invalid(field + ".days", "at most " + max.toDays() + " days");
        }
        return total;
    }

    private static long part(JsonNode node, String field, String name) {
        JsonNode value = node.path(name);
        if (value.isMissingNode() || value.isNull()) {
            return 0;
        }
        if (!value.canConvertToInt() || value.asInt() < 0 || value.asInt() > 525_600) {
            throw invalid(field + "." + name, "a whole number, zero or more");
        }
        return value.asInt();
    }

    static LocalTime time(JsonNode node, String field) {
        try {
            return LocalTime.parse(node.asString(""));
        } catch (DateTimeParseException e) {
            throw invalid(field, "a time of day like 09:30");
        }
    }

    private static Set<DayOfWeek> days(JsonNode node, String field) {
        JsonNode days = node.path("days");
        if (days.isMissingNode() || days.isNull()) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        array(days, field + ".days");
        Set<DayOfWeek> read = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < days.size(); i++) {
            String day = days.get(i).asString("");
            String at = field + ".days[" + i + "]";
            read.add(EnumSet.allOf(DayOfWeek.class).stream()
                    .filter(d -> d.name().startsWith(day.toUpperCase(Locale.ROOT)) && day.length() >= 3)
                    .findFirst()
                    .orElseThrow(() -> invalid(at, "a weekday like MON")));
        }
        if (read.isEmpty()) {
            throw invalid(field + ".days", "at least one weekday");
        }
        return read;
    }

    static String message(JsonNode node, String field) {
        String text = node.asString("").strip();
        if (text.isEmpty()) {
            throw invalid(field, "the message must not be empty");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            throw invalid(field, "at most " + MAX_TEXT_BYTES + " bytes (WeCom's limit)");
        }
        return text;
    }

    static String text(JsonNode node, String field, int max) {
        String text = node.asString("").strip();
        if (text.isEmpty() || text.length() > max) {
            throw invalid(field, "1 to " + max + " characters");
        }
        return text;
    }

    static String name(JsonNode node, String field, int max) {
        return text(node, field, max);
    }

    static List<String> strings(JsonNode node, String field, int min, int max) {
        if (node.isMissingNode() || node.isNull()) {
            if (min == 0) {
                return List.of();
            }
            throw invalid(field, "required");
        }
        array(node, field);
        if (node.size() < min || node.size() > max) {
            throw invalid(field, min + " to " + max + " entries");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            values.add(text(node.get(i), field + "[" + i + "]", 64));
        }
        return List.copyOf(new java.util.LinkedHashSet<>(values));
    }

    static int integer(JsonNode node, String field, int min, int max) {
        JsonNode value = node.path(field.substring(field.lastIndexOf('.') + 1));
        if (!value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
            throw invalid(field, "a whole number from " + min + " to " + max);
        }
        return value.asInt();
    }

    static void object(JsonNode node, String field) {
        if (!node.isObject()) {
            throw invalid(field, "an object is required");
        }
    }

    static void array(JsonNode node, String field) {
        if (!node.isArray()) {
            throw invalid(field, "a list is required");
        }
    }
}
