package io.moat.wecomsim.control;

import io.moat.wecomsim.world.Knobs;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The knobs of the sending benchmark (B6): answer latency, server errors, lost answers, and what happens to excess app messages. */
final class NetworkKnobs {

    private NetworkKnobs() {}

    static void apply(ControlRequest request, Knobs knobs) {
        if (request.has("latencyMillis")) {
            JsonNode range = request.body().get("latencyMillis");
            if (!range.isArray()
                    || range.size() != 2
                    || !range.get(0).isIntegralNumber()
                    || !range.get(1).isIntegralNumber()
                    || range.get(0).longValue() < 0
                    || range.get(1).longValue() < range.get(0).longValue()) {
                throw ControlError.badRequest("latencyMillis must be [min,max] in milliseconds, 0 <= min <= max");
            }
            knobs.latencyMillis(range.get(0).longValue(), range.get(1).longValue());
        }
        if (request.has("serverErrors")) {
            double share = request.decimal("serverErrors").orElse(0.0);
            if (share < 0 || share > 1) {
                throw ControlError.badRequest("serverErrors must be 0.0..1.0");
            }
            knobs.serverErrors(share);
        }
        if (request.has("lostAnswers")) {
            double share = request.decimal("lostAnswers").orElse(0.0);
            if (share < 0 || share > 1) {
                throw ControlError.badRequest("lostAnswers must be 0.0..1.0");
            }
            knobs.lostAnswers(share);
        }
        request.text("lostAnswersApi").ifPresent(knobs::lostAnswersApi);
        request.text("appMessageExcess").ifPresent(mode -> {
            if (!mode.equals("reject") && !mode.equals("drop")) {
                throw ControlError.badRequest("appMessageExcess must be reject or drop");
            }
            knobs.dropExcessAppMessages(mode.equals("drop"));
        });
    }

    static void show(Knobs knobs, ObjectNode json) {
        long[] latency = knobs.latencyMillis();
        json.putArray("latencyMillis").add(latency[0]).add(latency[1]);
        json.put("serverErrors", knobs.serverErrors());
        json.put("lostAnswers", knobs.lostAnswers());
        json.put("lostAnswersApi", knobs.lostAnswersApi());
        json.put("appMessageExcess", knobs.dropExcessAppMessages() ? "drop" : "reject");
    }
}
