package io.moat.wecomsim.control;

import io.moat.wecomsim.SimClock;
import io.moat.wecomsim.http.Json;
import io.moat.wecomsim.world.CorpState;
import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/** Letting the virtual world run for a while at given rates. */
public final class WorldRoutes implements ControlRoute.Group {

    /** A step is at most a year of simulated time. */
    static final long MAX_SECONDS = 366L * 86_400;

    private final SimClock clock;

    public WorldRoutes(SimClock clock) {
        this.clock = clock;
    }

    @Override
    public void register(ControlRoutes routes) {
        routes.post("/sim/corps/{corpId}/world/step", this::step);
    }

    /**
     * Body {@code {"seconds":N,"rates":{"scansPerHour":{"<configId>":x},"groupMessagesPerHour":y,"deletesPerDay":z,
     * "ordersPerDay":w}}}. Moves the (shared) sim clock forward by N seconds.
     */
    private ControlAnswer step(ControlRequest request) {
        CorpState corp = request.corp();
        long seconds = request.number("seconds").orElseThrow(() -> ControlError.badRequest("seconds is required"));
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw ControlError.badRequest("seconds must be within 1.." + MAX_SECONDS);
        }
        WorldRates rates = WorldRates.read(request.body().path("rates"));
        synchronized (corp) {
            for (String configId : rates.scansPerHour().keySet()) {
                corp.contactWays()
                        .find(configId)
                        .orElseThrow(() -> ControlError.notFound("no contact way " + configId));
            }
        }
        WorldStep.Happened happened = new WorldStep(corp, clock).run(Duration.ofSeconds(seconds), rates);
        ObjectNode answer = Json.object().put("now", clock.now().toString());
        answer.putObject("happened")
                .put("scans", happened.scans())
                .put("groupMessages", happened.groupMessages())
                .put("deletes", happened.deletes())
                .put("orders", happened.orders());
        return ControlAnswer.ok(answer);
    }
}
