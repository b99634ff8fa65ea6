package io.moat.wecomsim.api;

import io.moat.wecomsim.http.Json;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** The WeCom paths the simulator serves; any other path under /cgi-bin answers 404 with no body. */
public final class ApiEndpoints {

    private final Map<String, ApiEndpoint> byPath = new HashMap<>();

    public void get(String path, ObjectNode emptyFields, ApiEndpoint.Handler handler) {
        add(new ApiEndpoint(path, false, emptyFields, handler));
    }

    public void post(String path, ObjectNode emptyFields, ApiEndpoint.Handler handler) {
        add(new ApiEndpoint(path, true, emptyFields, handler));
    }

    private void add(ApiEndpoint endpoint) {
        if (byPath.putIfAbsent(endpoint.path(), endpoint) != null) {
            throw new IllegalStateException("two endpoints for " + endpoint.path());
        }
    }

    /** The empty-fields template most endpoints use: named arrays, empty. */
    public static ObjectNode emptyArrays(String... names) {
        ObjectNode fields = Json.object();
        for (String name : names) {
            fields.putArray(name);
        }
        return fields;
    }

    public Optional<ApiEndpoint> find(String path) {
        return Optional.ofNullable(byPath.get(path));
    }
}
