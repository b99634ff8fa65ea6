package io.moat.wecomsim;

import io.moat.wecomsim.api.AccessTokens;
import io.moat.wecomsim.api.Errmsg;
import io.moat.wecomsim.api.RateLimiter;
import io.moat.wecomsim.api.SecretGuard;
import io.moat.wecomsim.api.TokenEndpoint;
import io.moat.wecomsim.api.WecomApi;
import io.moat.wecomsim.api.WecomApiSurface;
import io.moat.wecomsim.control.ControlApi;
import io.moat.wecomsim.control.ControlSurface;
import io.moat.wecomsim.http.HttpCall;
import io.moat.wecomsim.http.SimHttpServer;
import io.moat.wecomsim.random.SeededRandomness;
import io.moat.wecomsim.world.World;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local WeCom: the external-contact API under {@code /cgi-bin/...}, encrypted callbacks pushed to each corp's
 * app, and a control API under {@code /sim/...} that plays customers, staff and faults. Binds 127.0.0.1 only.
 */
public final class WecomSim implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WecomSim.class);

    private final SimClock clock;
    private final HttpClient http;
    private final World world;
    private final SimHttpServer server;

    private WecomSim(SimClock clock, HttpClient http, World world, SimHttpServer server) {
        this.clock = clock;
        this.http = http;
        this.world = world;
        this.server = server;
    }

    public static WecomSim start(SimSettings settings) {
        SimClock clock = settings.realTimeClock()
                ? SimClock.following(settings.startTime())
                : SimClock.frozenAt(settings.startTime());
        SeededRandomness randomness = new SeededRandomness(settings.seed());
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        World world = new World(clock, randomness, http);
        clock.afterMove(world::catchUpAll);
        AccessTokens tokens = new AccessTokens();
        RateLimiter limiter = new RateLimiter();
        Errmsg errmsg = new Errmsg(randomness.stream("hints"));
        WecomApi api = new WecomApi(
                world,
                clock,
                WecomApiSurface.all(),
                tokens,
                limiter,
                errmsg,
                new TokenEndpoint(world, clock, tokens, limiter, new SecretGuard(), errmsg, randomness));
        ControlApi control = ControlSurface.create(world, tokens, clock);
        SimHttpServer server = SimHttpServer.start(settings.port(), call -> route(call, api, control));
        WecomSim sim = new WecomSim(clock, http, world, server);
        log.info("wecom-sim listening on {} (seed {}, clock {})", sim.baseUrl(), settings.seed(), clock.now());
        return sim;
    }

    private static void route(HttpCall call, WecomApi api, ControlApi control) {
        String path = call.path();
        if (path.startsWith("/cgi-bin/")) {
            api.handle(call);
        } else if (path.startsWith("/sim/")) {
            control.handle(call);
        } else {
            call.respondEmpty(404);
        }
    }

    /** E.g. {@code http://127.0.0.1:41234}; WeCom paths go under it ({@code /cgi-bin/gettoken}). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public SimClock clock() {
        return clock;
    }

    @Override
    public void close() {
        server.close();
        world.close();
        http.shutdownNow();
    }

    /**
     * Runs on its own: port from {@code WECOM_SIM_PORT} (default 9100), seed from {@code WECOM_SIM_SEED} (default
     * 42). The clock follows wall time, since a person or a running application is on the other side.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(env("WECOM_SIM_PORT", "9100"));
        long seed = Long.parseLong(env("WECOM_SIM_SEED", "42"));
        WecomSim sim = start(new SimSettings(port, seed, Instant.now(), true));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }));
        System.out.println("wecom-sim ready at " + sim.baseUrl());
        stopped.await();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
