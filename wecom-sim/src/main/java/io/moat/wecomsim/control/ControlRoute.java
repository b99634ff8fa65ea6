package io.moat.wecomsim.control;

import io.moat.wecomsim.http.PathTemplate;

/** One control endpoint: method, path template and what it does. */
record ControlRoute(String method, PathTemplate path, Handler handler) {

    @FunctionalInterface
    interface Handler {
        ControlAnswer handle(ControlRequest request);
    }

    /** The routes of one area of the control API, collected by {@link ControlApi}. */
    interface Group {
        void register(ControlRoutes routes);
    }
}
