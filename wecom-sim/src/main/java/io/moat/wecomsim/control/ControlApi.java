package io.moat.wecomsim.control;

import io.moat.wecomsim.http.HttpCall;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.world.CorpState;
import io.moat.wecomsim.world.World;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The /sim surface through which tests and scripts set up corps, play customers and staff, turn knobs and read
 * what happened. JSON in and out; errors are {@code {"error": "..."}} with 400, 404, 405 or 409.
 */
public final class ControlApi {

    private final World world;
    private final List<ControlRoute> routes;

    public ControlApi(World world, List<ControlRoute.Group> groups) {
        this.world = world;
        ControlRoutes table = new ControlRoutes();
        groups.forEach(g -> g.register(table));
        this.routes = table.all();
    }

    public void handle(HttpCall call) {
        try {
            ControlAnswer answer = dispatch(call);
            if (answer.file() != null) {
                call.respondFile(
                        answer.status(),
                        answer.file().contentType(),
                        answer.file().name(),
                        answer.file().bytes());
            } else {
                call.respond(answer.status(), answer.body());
            }
        } catch (ControlError error) {
            call.respond(error.status(), Json.object().put("error", error.getMessage()));
        } catch (IllegalArgumentException error) {
            call.respond(400, Json.object().put("error", error.getMessage()));
        }
    }

    private ControlAnswer dispatch(HttpCall call) {
        boolean pathKnown = false;
        for (ControlRoute route : routes) {
            Optional<Map<String, String>> vars = route.path().match(call.rawPath());
            if (vars.isEmpty()) {
                continue;
            }
            pathKnown = true;
            if (route.method().equals(call.method())) {
                return route.handler().handle(request(call, vars.get()));
            }
        }
        if (pathKnown) {
            throw new ControlError(405, call.method() + " is not supported on " + call.path());
        }
        throw ControlError.notFound("no control endpoint " + call.path());
    }

    private ControlRequest request(HttpCall call, Map<String, String> vars) {
        CorpState corp = null;
        String corpId = vars.get("corpId");
        if (corpId != null) {
            corp = world.find(corpId).orElseThrow(() -> ControlError.notFound("no corp " + corpId));
            synchronized (corp) {
                corp.catchUp();
            }
        }
        JsonNode body;
        try {
            body = Json.parse(call.body());
        } catch (JacksonException e) {
            throw ControlError.badRequest("body is not valid JSON");
        }
        if (!body.isObject()) {
            throw ControlError.badRequest("body must be a JSON object");
        }
        return new ControlRequest(corp, vars, call.queryParameters(), body);
    }
}
