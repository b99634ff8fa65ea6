package io.moat.wecomsim.control;

import io.moat.wecomsim.world.CorpState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A control call: the corp named in the path (when there is one), path variables, query and JSON body. Readers
 * answer 400 for fields of the wrong type.
 */
record ControlRequest(CorpState corp, Map<String, String> vars, Map<String, String> query, JsonNode body) {

    String var(String name) {
        return vars.get(name);
    }

    String queryOr(String name, String fallback) {
        return query.getOrDefault(name, fallback);
    }

    boolean has(String field) {
        JsonNode node = body.get(field);
        return node != null && !node.isNull();
    }

    Optional<String> text(String field) {
        return text(body, field);
    }

    String requiredText(String field) {
        return text(field).filter(s -> !s.isEmpty()).orElseThrow(() -> ControlError.badRequest(field + " is required"));
    }

    Optional<Long> number(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isIntegralNumber()) {
            throw ControlError.badRequest(field + " must be an integer");
        }
        return Optional.of(node.longValue());
    }

    Optional<Double> decimal(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isNumber()) {
            throw ControlError.badRequest(field + " must be a number");
        }
        return Optional.of(node.doubleValue());
    }

    Optional<Boolean> flag(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw ControlError.badRequest(field + " must be true or false");
        }
        return Optional.of(node.booleanValue());
    }

    List<String> texts(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ControlError.badRequest(field + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isString()) {
                throw ControlError.badRequest(field + " must be an array of strings");
            }
            out.add(item.stringValue());
        }
        return out;
    }

    List<Long> numbers(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ControlError.badRequest(field + " must be an array of integers");
        }
        List<Long> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isIntegralNumber()) {
                throw ControlError.badRequest(field + " must be an array of integers");
            }
            out.add(item.longValue());
        }
        return out;
    }

    static Optional<String> text(JsonNode container, String field) {
        JsonNode node = container.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isString()) {
            throw ControlError.badRequest(field + " must be a string");
        }
        return Optional.of(node.stringValue());
    }
}
