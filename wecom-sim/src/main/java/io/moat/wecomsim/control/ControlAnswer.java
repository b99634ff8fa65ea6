package io.moat.wecomsim.control;

import tools.jackson.databind.JsonNode;

/**
 * What a control call answers: an HTTP status and a JSON body, or a file (an order export) instead.
 *
 * @param file null for a JSON answer
 */
record ControlAnswer(int status, JsonNode body, File file) {

    /** Bytes to download as they are. */
    record File(String contentType, String name, byte[] bytes) {}

    static ControlAnswer ok(JsonNode body) {
        return new ControlAnswer(200, body, null);
    }

    static ControlAnswer created(JsonNode body) {
        return new ControlAnswer(201, body, null);
    }

    static ControlAnswer file(String contentType, String name, byte[] bytes) {
        return new ControlAnswer(200, null, new File(contentType, name, bytes));
    }
}
