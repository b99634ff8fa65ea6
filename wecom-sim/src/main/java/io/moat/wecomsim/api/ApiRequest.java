package io.moat.wecomsim.api;

import io.moat.wecomsim.world.CorpState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One authenticated API call as an endpoint sees it: the corp the token belongs to, the query string and the JSON
 * body. Readers reject fields of the wrong JSON type with 40058, as WeCom rejects malformed requests.
 */
public record ApiRequest(CorpState corp, Map<String, String> query, JsonNode body) {

    /** Reads an object inside the body (an array element, say) with the same rules. */
    public ApiRequest nested(JsonNode part) {
        return new ApiRequest(corp, Map.of(), part);
    }

    /** A query parameter, or "" when absent. */
    public String param(String name) {
        String value = query.get(name);
        return value == null ? "" : value;
    }

    public boolean has(String field) {
        JsonNode node = body.get(field);
        return node != null && !node.isNull();
    }

    /** A string field, "" when absent or null. */
    public String text(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isString()) {
            throw ApiError.invalid(field + " must be a string");
        }
        return node.stringValue();
    }

    public String requiredText(String field) {
        String value = text(field);
        if (value.isEmpty()) {
            throw ApiError.invalid(field + " is required");
        }
        return value;
    }

    public long number(String field, long fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isString() && node.stringValue().matches("-?\\d+")) {
            return Long.parseLong(node.stringValue());
        }
        throw ApiError.invalid(field + " must be an integer");
    }

    public boolean flag(String field, boolean fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.longValue() != 0;
        }
        throw ApiError.invalid(field + " must be a boolean");
    }

    public List<String> texts(String field) {
        return texts(body, field);
    }

    public List<Long> numbers(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiError.invalid(field + " must be an array");
        }
        List<Long> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isIntegralNumber()) {
                throw ApiError.invalid(field + " must hold integers");
            }
            out.add(item.longValue());
        }
        return out;
    }

    /** A string array inside any object of the body. */
    public static List<String> texts(JsonNode container, String field) {
        JsonNode node = container.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiError.invalid(field + " must be an array");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isString()) {
                throw ApiError.invalid(field + " must hold strings");
            }
            out.add(item.stringValue());
        }
        return out;
    }

    /** Length in characters as WeCom counts them (code points, so one Chinese character is one). */
    public static int characters(String text) {
        return text.codePointCount(0, text.length());
    }
}
