package io.moat.audiences.internal;

import io.moat.audiences.AudienceCondition;
import io.moat.audiences.AudienceCondition.ActivityKind;
import io.moat.audiences.AudienceCondition.AddedWithin;
import io.moat.audiences.AudienceCondition.All;
import io.moat.audiences.AudienceCondition.Any;
import io.moat.audiences.AudienceCondition.Bought;
import io.moat.audiences.AudienceCondition.CameFrom;
import io.moat.audiences.AudienceCondition.Consent;
import io.moat.audiences.AudienceCondition.DidWithin;
import io.moat.audiences.AudienceCondition.FieldIn;
import io.moat.audiences.AudienceCondition.FieldRange;
import io.moat.audiences.AudienceCondition.FollowedBy;
import io.moat.audiences.AudienceCondition.HasTags;
import io.moat.audiences.AudienceCondition.InGroup;
import io.moat.audiences.AudienceCondition.LastOrderWithin;
import io.moat.audiences.AudienceCondition.NetSpend;
import io.moat.audiences.AudienceCondition.Not;
import io.moat.audiences.AudienceCondition.OrderCount;
import io.moat.audiences.AudienceCondition.Product;
import io.moat.audiences.AudienceCondition.ProfileField;
import io.moat.audiences.AudienceCondition.ProfileIn;
import io.moat.audiences.AudienceCondition.Region;
import io.moat.audiences.AudienceCondition.RfmDimension;
import io.moat.audiences.AudienceCondition.RfmScore;
import io.moat.audiences.AudienceCondition.TagMatch;
import io.moat.audiences.AudienceCondition.Touch;
import io.moat.shared.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON form of a condition, version 1: every node is an object with exactly one key naming its kind, e.g.
 * {@code {"v":1,"all":[{"tag":{"any":[12,13]}},{"lastOrder":{"withinDays":30}}]}}; only the root carries {@code
 * v}. Reading checks every node and names the first one at fault by its path ({@code condition.all[1].lastOrder
 * .withinDays}).
 */
public final class ConditionJson {

    public static final int VERSION = 1;
    static final int MAX_DEPTH = 10;
    static final int MAX_ITEMS = 200;
    static final int MAX_TEXT = 64;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> KINDS = List.of(
            "all",
            "any",
            "not",
            "tag",
            "gender",
            "stage",
            "loyalty",
            "rfmSegment",
            "region",
            "field",
            "rfm",
            "orders",
            "spend",
            "lastOrder",
            "bought",
            "added",
            "channel",
            "staff",
            "group",
            "activity",
            "consent");

    private ConditionJson() {}

    public static AudienceCondition parse(String json, String field) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            throw invalid(field, "The condition is not JSON: " + e.getOriginalMessage());
        }
        return read(node, field);
    }

    /** Reads a root node ({@code v} and one condition). */
    public static AudienceCondition read(@Nullable JsonNode root, String field) {
        if (root == null || !root.isObject()) {
            throw invalid(field, "A condition is an object like {\"v\":1,\"all\":[…]}.");
        }
        JsonNode version = root.path("v");
        if (!version.isIntegralNumber() || version.intValue() != VERSION) {
            throw invalid(field + ".v", "v must be " + VERSION + ", the version of the condition language.");
        }
        ObjectNode rest = (ObjectNode) root.deepCopy();
        rest.remove("v");
        return node(rest, field, 1);
    }

    public static String text(AudienceCondition condition) {
        return JSON.writeValueAsString(write(condition));
    }

    public static ObjectNode write(AudienceCondition condition) {
        ObjectNode root = JSON.createObjectNode();
        root.put("v", VERSION);
        root.setAll(node(condition));
        return root;
    }

    private static ObjectNode node(AudienceCondition condition) {
        ObjectNode json = JSON.createObjectNode();
        switch (condition) {
            case All all -> list(json.putArray("all"), all.conditions());
            case Any any -> list(json.putArray("any"), any.conditions());
            case Not not -> json.set("not", node(not.condition()));
            case HasTags tags ->
                longs(json.putObject("tag").putArray(tags.match().code()), tags.tagIds());
            case ProfileIn in -> texts(json.putArray(in.field().key()), in.values());
            case Region region -> texts(json.putArray("region"), region.places());
            case FieldIn in -> {
                ObjectNode field = json.putObject("field");
                field.put("key", in.key());
                texts(field.putArray("in"), in.values());
            }
            case FieldRange range -> {
                ObjectNode field = json.putObject("field");
                field.put("key", range.key());
                if (range.min() != null) {
                    field.put("min", range.min());
                }
                if (range.max() != null) {
                    field.put("max", range.max());
                }
            }
            case RfmScore rfm ->
                json.putObject("rfm")
                        .put("score", rfm.dimension().code())
                        .put("min", rfm.min())
                        .put("max", rfm.max());
            case OrderCount orders -> {
                ObjectNode range = json.putObject("orders");
                if (orders.min() != null) {
                    range.put("min", orders.min());
                }
                if (orders.max() != null) {
                    range.put("max", orders.max());
                }
            }
            case NetSpend spend -> {
                ObjectNode range = json.putObject("spend");
                if (spend.minFen() != null) {
                    range.put("minFen", spend.minFen());
                }
                if (spend.maxFen() != null) {
                    range.put("maxFen", spend.maxFen());
                }
            }
            case LastOrderWithin within -> json.putObject("lastOrder").put("withinDays", within.days());
            case AddedWithin within -> json.putObject("added").put("withinDays", within.days());
            case Bought bought -> {
                ObjectNode body = json.putObject("bought");
                texts(body.putArray(bought.by().code()), bought.values());
                body.put("withinDays", bought.days());
            }
            case CameFrom from -> {
                ObjectNode channel = json.putObject("channel");
                channel.put("touch", from.touch().code());
                texts(channel.putArray("any"), from.states());
            }
            case FollowedBy staff -> texts(json.putObject("staff").putArray("any"), staff.staff());
            case InGroup group -> texts(json.putObject("group").putArray("any"), group.chatIds());
            case DidWithin did -> {
                ObjectNode activity = json.putObject("activity");
                activity.put("kind", did.kind().code());
                if (did.ref() != null) {
                    activity.put("ref", did.ref());
                }
                activity.put("withinDays", did.days());
            }
            case Consent consent -> json.put("consent", consent.granted() ? "granted" : "opted-out");
        }
        return json;
    }

    private static AudienceCondition node(JsonNode node, String path, int depth) {
        if (depth > MAX_DEPTH) {
            throw invalid(path, "Conditions nest at most " + MAX_DEPTH + " deep.");
        }
        if (!node.isObject() || node.size() != 1) {
            throw invalid(path, "A condition is an object with exactly one of " + String.join(", ", KINDS) + ".");
        }
        String kind = node.propertyNames().iterator().next();
        JsonNode body = node.path(kind);
        String at = path + "." + kind;
        try {
            return switch (kind) {
                case "all" -> new All(children(body, at, depth));
                case "any" -> new Any(children(body, at, depth));
                case "not" -> new Not(node(body, at, depth + 1));
                case "tag" -> tags(body, at);
                case "gender" -> profile(ProfileField.GENDER, body, at);
                case "stage" -> profile(ProfileField.STAGE, body, at);
                case "loyalty" -> profile(ProfileField.LOYALTY, body, at);
                case "rfmSegment" -> profile(ProfileField.RFM_SEGMENT, body, at);
                case "region" -> new Region(texts(body, at));
                case "field" -> field(body, at);
                case "rfm" -> rfm(body, at);
                case "orders" -> {
                    keys(body, at, "min", "max");
                    Long min = optionalNumber(body, at, "min", Integer.MAX_VALUE);
                    Long max = optionalNumber(body, at, "max", Integer.MAX_VALUE);
                    yield new OrderCount(min == null ? null : min.intValue(), max == null ? null : max.intValue());
                }
                case "spend" -> {
                    keys(body, at, "minFen", "maxFen");
                    yield new NetSpend(
                            optionalNumber(body, at, "minFen", Long.MAX_VALUE / 4),
                            optionalNumber(body, at, "maxFen", Long.MAX_VALUE / 4));
                }
                case "lastOrder" -> {
                    keys(body, at, "withinDays");
                    yield new LastOrderWithin(days(body, at));
                }
                case "bought" -> bought(body, at);
                case "added" -> {
                    keys(body, at, "withinDays");
                    yield new AddedWithin(days(body, at));
                }
                case "channel" -> {
                    keys(body, at, "touch", "any");
                    Touch touch = body.has("touch")
                            ? choice(body.path("touch"), at + ".touch", Touch.values(), Touch::code)
                            : Touch.ANY;
                    yield new CameFrom(touch, texts(body.path("any"), at + ".any"));
                }
                case "staff" -> {
                    keys(body, at, "any");
                    yield new FollowedBy(texts(body.path("any"), at + ".any"));
                }
                case "group" -> {
                    keys(body, at, "any");
                    yield new InGroup(texts(body.path("any"), at + ".any"));
                }
                case "activity" -> activity(body, at);
                case "consent" -> {
                    if (!body.isString() || !Set.of("granted", "opted-out").contains(body.asString())) {
                        throw invalid(at, "consent is \"granted\" or \"opted-out\".");
                    }
                    yield new Consent(body.asString().equals("granted"));
                }
                default ->
                    throw invalid(
                            path + "." + kind,
                            "Unknown condition " + kind + "; use one of " + String.join(", ", KINDS) + ".");
            };
        } catch (IllegalArgumentException e) {
            throw invalid(at, e.getMessage());
        }
    }

    private static AudienceCondition tags(JsonNode body, String at) {
        if (!body.isObject() || body.size() != 1) {
            throw invalid(at, "tag takes exactly one of any, all, none with a list of tag ids.");
        }
        String name = body.propertyNames().iterator().next();
        TagMatch match = choice(JSON.getNodeFactory().stringNode(name), at, TagMatch.values(), TagMatch::code);
        JsonNode ids = body.path(name);
        String listAt = at + "." + name;
        if (!ids.isArray() || ids.isEmpty() || ids.size() > MAX_ITEMS) {
            throw invalid(listAt, name + " is a list of 1 to " + MAX_ITEMS + " tag ids.");
        }
        Set<Long> tagIds = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            JsonNode id = ids.get(i);
            if (!id.isIntegralNumber() || !id.canConvertToLong() || id.longValue() <= 0) {
                throw invalid(listAt + "[" + i + "]", "A tag id is a positive whole number.");
            }
            tagIds.add(id.longValue());
        }
        return new HasTags(match, tagIds);
    }

    private static AudienceCondition profile(ProfileField field, JsonNode body, String at) {
        Set<String> values = texts(body, at);
        int i = 0;
        for (String value : values) {
            if (!field.codes().contains(value)) {
                throw invalid(
                        at + "[" + i + "]",
                        field.key() + " is one of "
                                + field.codes().stream().sorted().collect(Collectors.joining(", ")) + ".");
            }
            i++;
        }
        return new ProfileIn(field, values);
    }

    private static AudienceCondition field(JsonNode body, String at) {
        keys(body, at, "key", "in", "min", "max");
        JsonNode key = body.path("key");
        if (!key.isString() || key.asString().isBlank() || key.asString().length() > MAX_TEXT) {
            throw invalid(at + ".key", "key is the custom field's key, a text of 1 to " + MAX_TEXT + " characters.");
        }
        if (body.has("in") == (body.has("min") || body.has("max"))) {
            throw invalid(at, "field takes its key and either in (a list of values) or min and/or max.");
        }
        if (body.has("in")) {
            return new FieldIn(key.asString().strip(), texts(body.path("in"), at + ".in"));
        }
        return new FieldRange(key.asString().strip(), bound(body, at, "min"), bound(body, at, "max"));
    }

    private static @Nullable String bound(JsonNode body, String at, String name) {
        if (!body.has(name) || body.path(name).isNull()) {
            return null;
        }
        JsonNode value = body.path(name);
        String text = value.isNumber()
                ? value.asString()
                : value.isString() ? value.asString().strip() : "";
        if (text.isEmpty() || text.length() > MAX_TEXT) {
            throw invalid(at + "." + name, name + " is a number or a text (a date as yyyy-MM-dd).");
        }
        return text;
    }

    private static AudienceCondition rfm(JsonNode body, String at) {
        keys(body, at, "score", "min", "max");
        RfmDimension dimension = choice(body.path("score"), at + ".score", RfmDimension.values(), RfmDimension::code);
        Long min = optionalNumber(body, at, "min", 5);
        Long max = optionalNumber(body, at, "max", 5);
        return new RfmScore(dimension, min == null ? 1 : min.intValue(), max == null ? 5 : max.intValue());
    }

    private static AudienceCondition bought(JsonNode body, String at) {
        keys(body, at, "sku", "category", "role", "withinDays");
        List<Product> named = Arrays.stream(Product.values())
                .filter(by -> body.has(by.code()))
                .toList();
        if (named.size() != 1) {
            throw invalid(at, "bought takes exactly one of sku, category, role with a list of values, and withinDays.");
        }
        Product by = named.getFirst();
        String listAt = at + "." + by.code();
        Set<String> values = texts(body.path(by.code()), listAt);
        if (by == Product.ROLE) {
            int i = 0;
            for (String value : values) {
                if (!Product.ROLES.contains(value)) {
                    throw invalid(
                            listAt + "[" + i + "]",
                            "role is one of " + Product.ROLES.stream().sorted().collect(Collectors.joining(", "))
                                    + ".");
                }
                i++;
            }
        }
        return new Bought(by, values, days(body, at));
    }

    private static AudienceCondition activity(JsonNode body, String at) {
        keys(body, at, "kind", "ref", "withinDays");
        ActivityKind kind = choice(body.path("kind"), at + ".kind", ActivityKind.values(), ActivityKind::code);
        String ref = null;
        if (body.has("ref")) {
            JsonNode value = body.path("ref");
            if (!value.isString()
                    || value.asString().isBlank()
                    || value.asString().length() > MAX_TEXT) {
                throw invalid(at + ".ref", "ref is a text of 1 to " + MAX_TEXT + " characters.");
            }
            ref = value.asString().strip();
        }
        return new DidWithin(kind, ref, days(body, at));
    }

    private static List<AudienceCondition> children(JsonNode body, String at, int depth) {
        if (!body.isArray() || body.size() > MAX_ITEMS) {
            throw invalid(at, "A group is a list of at most " + MAX_ITEMS + " conditions.");
        }
        List<AudienceCondition> children = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            children.add(node(body.get(i), at + "[" + i + "]", depth + 1));
        }
        return children;
    }

    private static void keys(JsonNode body, String at, String... allowed) {
        if (!body.isObject()) {
            throw invalid(at, "Expected an object with " + String.join(", ", allowed) + ".");
        }
        List<String> names = Arrays.asList(allowed);
        for (String name : body.propertyNames()) {
            if (!names.contains(name)) {
                throw invalid(
                        at + "." + name, "Unknown field " + name + "; expected " + String.join(", ", allowed) + ".");
            }
        }
    }

    private static int days(JsonNode body, String at) {
        Long days = optionalNumber(body, at, "withinDays", 3650);
        if (days == null) {
            throw invalid(at + ".withinDays", "withinDays is required: a whole number of days from 0 to 3650.");
        }
        return days.intValue();
    }

    private static @Nullable Long optionalNumber(JsonNode body, String at, String name, long max) {
        if (!body.has(name) || body.path(name).isNull()) {
            return null;
        }
        JsonNode value = body.path(name);
        if (!value.isIntegralNumber()
                || !value.canConvertToLong()
                || value.longValue() < 0
                || value.longValue() > max) {
            throw invalid(at + "." + name, name + " must be a whole number from 0 to " + max + ".");
        }
        return value.longValue();
    }

    private static Set<String> texts(JsonNode array, String at) {
        if (!array.isArray() || array.isEmpty() || array.size() > MAX_ITEMS) {
            throw invalid(at, "Expected a list of 1 to " + MAX_ITEMS + " texts.");
        }
        Set<String> values = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode value = array.get(i);
            if (!value.isString()
                    || value.asString().isBlank()
                    || value.asString().length() > MAX_TEXT) {
                throw invalid(at + "[" + i + "]", "Expected a text of 1 to " + MAX_TEXT + " characters.");
            }
            values.add(value.asString().strip());
        }
        return values;
    }

    private static <E> E choice(JsonNode value, String at, E[] options, Function<E, String> code) {
        for (E option : options) {
            if (value.isString() && code.apply(option).equals(value.asString())) {
                return option;
            }
        }
        throw invalid(
                at, "Expected one of " + Arrays.stream(options).map(code).collect(Collectors.joining(", ")) + ".");
    }

    private static void list(ArrayNode array, List<AudienceCondition> conditions) {
        conditions.forEach(c -> array.add(node(c)));
    }

    private static void longs(ArrayNode array, Set<Long> values) {
        values.stream().sorted().forEach(array::add);
    }

    private static void texts(ArrayNode array, Set<String> values) {
        values.stream().sorted().forEach(array::add);
    }

    static Problem invalid(String field, String detail) {
        return new Problem(HttpStatus.BAD_REQUEST, "invalid-audience-condition", detail, field);
    }

    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
