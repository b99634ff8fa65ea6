package io.moat.tags.rules;

import io.moat.shared.Problem;
import io.moat.tags.rules.Condition.AllOf;
import io.moat.tags.rules.Condition.AnyOf;
import io.moat.tags.rules.Condition.AverageOrderAbove;
import io.moat.tags.rules.Condition.BoughtCategory;
import io.moat.tags.rules.Condition.BoughtRole;
import io.moat.tags.rules.Condition.BoughtSku;
import io.moat.tags.rules.Condition.BoughtWithin;
import io.moat.tags.rules.Condition.CameFromChannel;
import io.moat.tags.rules.Condition.Not;
import io.moat.tags.rules.Condition.OrderCountAtLeast;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON form of a condition, as the API takes it and the {@code tags.rule} table keeps it: an object with a
 * {@code type} and that type's fields, e.g. {@code {"type":"allOf","conditions":[{"type":"boughtWithin","days":90},
 * {"type":"averageOrderAbove","fen":20000}]}}. Reading checks every field and names the one at fault by its path.
 */
public final class ConditionJson {

    static final int MAX_DEPTH = 8;
    static final int MAX_CONDITIONS = 50;
    static final int MAX_DAYS = 3650;
    static final int MAX_STATE = 30;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ConditionJson() {}

    /** @param field where the condition sits in the request, e.g. {@code condition} */
    public static Condition read(JsonNode node, String field) {
        return read(node, field, 1);
    }

    public static Condition parse(String json) {
        return read(JSON.readTree(json), "condition");
    }

    public static String text(Condition condition) {
        return JSON.writeValueAsString(write(condition));
    }

    public static ObjectNode write(Condition condition) {
        ObjectNode json = JSON.createObjectNode();
        switch (condition) {
            case BoughtWithin within -> json.put("type", "boughtWithin").put("days", within.days());
            case OrderCountAtLeast least ->
                json.put("type", "orderCountAtLeast").put("count", least.count());
            case AverageOrderAbove above ->
                json.put("type", "averageOrderAbove").put("fen", above.fen());
            case CameFromChannel channel -> json.put("type", "cameFromChannel").put("state", channel.state());
            case BoughtSku sku ->
                json.put("type", "boughtSku").put("sku", sku.sku()).put("days", sku.days());
            case BoughtCategory category ->
                json.put("type", "boughtCategory")
                        .put("category", category.category())
                        .put("days", category.days());
            case BoughtRole role ->
                json.put("type", "boughtRole").put("role", role.role()).put("days", role.days());
            case AllOf all -> list(json.put("type", "allOf").putArray("conditions"), all.conditions());
            case AnyOf any -> list(json.put("type", "anyOf").putArray("conditions"), any.conditions());
            case Not not -> json.put("type", "not").set("condition", write(not.condition()));
        }
        return json;
    }

    private static void list(ArrayNode array, List<Condition> conditions) {
        conditions.forEach(c -> array.add(write(c)));
    }

    private static Condition read(JsonNode node, String field, int depth) {
        if (depth > MAX_DEPTH) {
            throw invalid(field, "Conditions nest at most " + MAX_DEPTH + " deep.");
        }
        if (!node.isObject()) {
            throw invalid(field, "A condition is an object with a type.");
        }
        String type = node.path("type").asString("");
        return switch (type) {
            case "boughtWithin" ->
                only(node, field, Set.of("days"), () -> new BoughtWithin(number(node, field, "days", 1, MAX_DAYS)));
            case "orderCountAtLeast" ->
                only(
                        node,
                        field,
                        Set.of("count"),
                        () -> new OrderCountAtLeast(number(node, field, "count", 0, 100_000)));
            case "averageOrderAbove" ->
                only(
                        node,
                        field,
                        Set.of("fen"),
                        () -> new AverageOrderAbove(number(node, field, "fen", 0, 1_000_000_000)));
            case "cameFromChannel" -> only(node, field, Set.of("state"), () -> new CameFromChannel(state(node, field)));
            case "boughtSku" ->
                only(
                        node,
                        field,
                        Set.of("sku", "days"),
                        () -> new BoughtSku(text(node, field, "sku"), number(node, field, "days", 1, MAX_DAYS)));
            case "boughtCategory" ->
                only(
                        node,
                        field,
                        Set.of("category", "days"),
                        () -> new BoughtCategory(
                                text(node, field, "category"), number(node, field, "days", 1, MAX_DAYS)));
            case "boughtRole" ->
                only(node, field, Set.of("role", "days"), () -> {
                    String role = text(node, field, "role");
                    if (!BoughtRole.ROLES.contains(role)) {
                        throw invalid(
                                field + ".role", "role must be one of " + String.join(", ", BoughtRole.ROLES) + ".");
                    }
                    return new BoughtRole(role, number(node, field, "days", 1, MAX_DAYS));
                });
            case "allOf" -> only(node, field, Set.of("conditions"), () -> new AllOf(conditions(node, field, depth)));
            case "anyOf" -> only(node, field, Set.of("conditions"), () -> new AnyOf(conditions(node, field, depth)));
            case "not" ->
                only(
                        node,
                        field,
                        Set.of("condition"),
                        () -> new Not(read(node.path("condition"), field + ".condition", depth + 1)));
            default ->
                throw invalid(
                        field + ".type",
                        "type must be one of boughtWithin, orderCountAtLeast, averageOrderAbove, cameFromChannel,"
                                + " boughtSku, boughtCategory, boughtRole, allOf, anyOf, not.");
        };
    }

    private static Condition only(
            JsonNode node, String field, Set<String> allowed, java.util.function.Supplier<Condition> condition) {
        for (String name : node.propertyNames()) {
            if (!name.equals("type") && !allowed.contains(name)) {
                throw invalid(
                        field + "." + name, "A " + node.path("type").asString() + " condition has no " + name + ".");
            }
        }
        return condition.get();
    }

    private static int number(JsonNode node, String field, String name, int min, int max) {
        JsonNode value = node.path(name);
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            throw invalid(field + "." + name, name + " must be a whole number from " + min + " to " + max + ".");
        }
        return value.intValue();
    }

    private static String state(JsonNode node, String field) {
        JsonNode value = node.path("state");
        if (!value.isString() || value.asString().isBlank() || value.asString().length() > MAX_STATE) {
            throw invalid(
                    field + ".state", "state must be a channel code's state of 1 to " + MAX_STATE + " characters.");
        }
        return value.asString().strip();
    }

    private static String text(JsonNode node, String field, String name) {
        JsonNode value = node.path(name);
        if (!value.isString() || value.asString().isBlank() || value.asString().length() > 100) {
            throw invalid(field + "." + name, name + " must be text of 1 to 100 characters.");
        }
        return value.asString().strip();
    }

    private static List<Condition> conditions(JsonNode node, String field, int depth) {
        JsonNode array = node.path("conditions");
        if (!array.isArray() || array.size() > MAX_CONDITIONS) {
            throw invalid(field + ".conditions", "conditions must be a list of at most " + MAX_CONDITIONS + ".");
        }
        List<Condition> conditions = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            conditions.add(read(array.get(i), field + ".conditions[" + i + "]", depth + 1));
        }
        return conditions;
    }

    private static Problem invalid(String field, String detail) {
        return new Problem(HttpStatus.BAD_REQUEST, "invalid-condition", detail, field);
    }
}
