package io.moat.wecomsim.control;

import tools.jackson.databind.JsonNode;

/** What a control call answers: an HTTP status and a JSON body. */
record ControlAnswer(int status, JsonNode body) {

    static ControlAnswer ok(JsonNode body) {
        return new ControlAnswer(200, body);
    }

    static ControlAnswer created(JsonNode body) {
        return new ControlAnswer(201, body);
    }
}
