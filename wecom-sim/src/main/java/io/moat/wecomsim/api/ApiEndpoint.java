package io.moat.wecomsim.api;

import tools.jackson.databind.node.ObjectNode;

/**
 * One WeCom API path.
 *
 * @param post whether it takes a JSON body (POST) rather than query parameters (GET)
 * @param emptyFields the fields WeCom still sends, empty, when the call fails (e.g. {@code "external_userid":[]})
 */
public record ApiEndpoint(String path, boolean post, ObjectNode emptyFields, Handler handler) {

    /** Answers a call with the success fields (errcode and errmsg are added around them). */
    @FunctionalInterface
    public interface Handler {
        ObjectNode handle(ApiRequest request);
    }
}
