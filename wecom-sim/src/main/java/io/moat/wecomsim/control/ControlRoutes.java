package io.moat.wecomsim.control;

import io.moat.wecomsim.http.PathTemplate;
import java.util.ArrayList;
import java.util.List;

/** The control API's route table. */
final class ControlRoutes {

    private final List<ControlRoute> routes = new ArrayList<>();

    void get(String template, ControlRoute.Handler handler) {
        routes.add(new ControlRoute("GET", new PathTemplate(template), handler));
    }

    void post(String template, ControlRoute.Handler handler) {
        routes.add(new ControlRoute("POST", new PathTemplate(template), handler));
    }

    void put(String template, ControlRoute.Handler handler) {
        routes.add(new ControlRoute("PUT", new PathTemplate(template), handler));
    }

    void delete(String template, ControlRoute.Handler handler) {
        routes.add(new ControlRoute("DELETE", new PathTemplate(template), handler));
    }

    List<ControlRoute> all() {
        return List.copyOf(routes);
    }
}
