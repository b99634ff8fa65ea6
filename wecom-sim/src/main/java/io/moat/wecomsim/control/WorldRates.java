package io.moat.wecomsim.control;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * How busy the virtual world is during a step: scans per hour of each contact way, group messages per hour, customers
 * deleting a member per day, marketplace orders per day. All default to 0.
 */
record WorldRates(
        Map<String, Double> scansPerHour, double groupMessagesPerHour, double deletesPerDay, double ordersPerDay) {

    static WorldRates read(JsonNode rates) {
        if (rates.isMissingNode() || rates.isNull()) {
            return new WorldRates(Map.of(), 0, 0, 0);
        }
        if (!rates.isObject()) {
            throw ControlError.badRequest("rates must be an object");
        }
        Map<String, Double> scans = new LinkedHashMap<>();
        JsonNode byWay = rates.path("scansPerHour");
        if (!byWay.isMissingNode() && !byWay.isObject()) {
            throw ControlError.badRequest("scansPerHour must map config ids to rates");
        }
        for (Map.Entry<String, JsonNode> entry : byWay.properties()) {
            scans.put(entry.getKey(), rate(entry.getValue(), "scansPerHour." + entry.getKey()));
        }
        return new WorldRates(
                scans,
                rate(rates.path("groupMessagesPerHour"), "groupMessagesPerHour"),
                rate(rates.path("deletesPerDay"), "deletesPerDay"),
                rate(rates.path("ordersPerDay"), "ordersPerDay"));
    }

    private static double rate(JsonNode node, String name) {
        if (node.isMissingNode() || node.isNull()) {
            return 0;
        }
        if (!node.isNumber() || node.doubleValue() < 0) {
            throw ControlError.badRequest(name + " must be a non-negative number");
        }
        return node.doubleValue();
    }
}
