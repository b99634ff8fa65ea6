package io.moat.wecomsim.world;

import io.moat.wecomsim.SimClock;
import io.moat.wecomsim.callbacks.CallbackChannel;
import io.moat.wecomsim.callbacks.CallbackLog;
import io.moat.wecomsim.random.SeededRandomness;
import java.net.http.HttpClient;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** All simulated corps, by corp id. */
public final class World implements AutoCloseable {

    private final SimClock clock;
    private final SeededRandomness randomness;
    private final HttpClient http;
    private final ConcurrentMap<String, CorpState> corps = new ConcurrentHashMap<>();

    public World(SimClock clock, SeededRandomness randomness, HttpClient http) {
        this.clock = clock;
        this.randomness = randomness;
        this.http = http;
    }

    /** Creates a corp, or returns empty if the id is taken. */
    public Optional<CorpState> create(String corpId, App app) {
        if (corps.containsKey(corpId)) {
            return Optional.empty();
        }
        Knobs knobs = new Knobs();
        CallbackLog callbackLog = new CallbackLog();
        CallbackChannel channel = new CallbackChannel(
                corpId,
                app.agentId(),
                new CallbackChannel.Wiring(
                        http,
                        clock,
                        randomness.stream("crypto/" + corpId),
                        randomness.stream("duplicates/" + corpId),
                        knobs::callbackTimeout,
                        knobs::duplicateCallbacks,
                        callbackLog));
        CorpState corp = new CorpState(
                corpId,
                app,
                clock,
                new CorpIds(randomness.stream("ids/" + corpId)),
                knobs,
                callbackLog,
                channel,
                randomness);
        if (corps.putIfAbsent(corpId, corp) != null) {
            channel.close();
            return Optional.empty();
        }
        return Optional.of(corp);
    }

    public Optional<CorpState> find(String corpId) {
        return Optional.ofNullable(corpId == null ? null : corps.get(corpId));
    }

    /** Lets what fell due happen in every corp; runs after the clock moves. */
    public void catchUpAll() {
        for (CorpState corp : corps.values()) {
            synchronized (corp) {
                corp.catchUp();
            }
        }
    }

    @Override
    public void close() {
        corps.values().forEach(c -> c.callbacks().close());
    }
}
