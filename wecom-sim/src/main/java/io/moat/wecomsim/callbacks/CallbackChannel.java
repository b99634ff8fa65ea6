package io.moat.wecomsim.callbacks;

import io.moat.wecomsim.SimClock;
import io.moat.wecomsim.crypto.MsgCrypt;
import io.moat.wecomsim.random.RandomStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A corp's way to its app's callback URL. Pushes go out only after the URL passed the echostr handshake; events
 * before that, or with no URL, are dropped as WeCom would drop them.
 */
public final class CallbackChannel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CallbackChannel.class);

    /** Everything a verified URL needs for pushing. */
    private record Target(CallbackConfig config, MsgCrypt crypt) {}

    private final String corpId;
    private final long agentId;
    private final SimClock clock;
    private final RandomStream crypto;
    private final RandomStream duplicates;
    private final Supplier<Duration> timeout;
    private final DoubleSupplier duplicateProbability;
    private final UrlVerification verification;
    private final CallbackPusher pusher;
    private Target target;
    private long nextSeq = 1;

    /** The collaborators a channel needs; grouped because there are many and all come from the simulator. */
    public record Wiring(
            HttpClient http,
            SimClock clock,
            RandomStream crypto,
            RandomStream duplicates,
            Supplier<Duration> timeout,
            DoubleSupplier duplicateProbability,
            CallbackLog log) {}

    public CallbackChannel(String corpId, long agentId, Wiring wiring) {
        this.corpId = corpId;
        this.agentId = agentId;
        this.clock = wiring.clock();
        this.crypto = wiring.crypto();
        this.duplicates = wiring.duplicates();
        this.timeout = wiring.timeout();
        this.duplicateProbability = wiring.duplicateProbability();
        this.verification = new UrlVerification(wiring.http(), wiring.clock(), wiring.crypto());
        this.pusher = new CallbackPusher(corpId, wiring.http(), wiring.clock(), wiring.timeout(), wiring.log());
    }

    /**
     * Verifies a new URL and switches to it if it passes. A failed check keeps the previous URL, as the admin
     * console refuses to save one that fails. Runs without the corp's lock: the receiver may call back into the API.
     */
    public UrlVerification.Outcome configure(CallbackConfig config) {
        UrlVerification.Outcome outcome = verification.verify(config, corpId, timeout.get());
        if (outcome.verified()) {
            synchronized (this) {
                target = new Target(config, config.crypt(corpId));
            }
        }
        log.info("{} callback URL {}: {}", corpId, config.url(), outcome.detail());
        return outcome;
    }

    public synchronized void disable() {
        target = null;
    }

    public synchronized Optional<CallbackConfig> config() {
        return Optional.ofNullable(target).map(Target::config);
    }

    /** Encrypts and queues an event now, so its CreateTime and timestamp are the moment it happened. */
    public synchronized void publish(CallbackEvent event) {
        if (target == null) {
            log.debug("{} has no verified callback URL; dropped {}/{}", corpId, event.event(), event.changeType());
            return;
        }
        long createTime = clock.epochSecond();
        String timestamp = Long.toString(createTime);
        String nonce = crypto.digits(10);
        String encrypted = target.crypt().encrypt(EventXml.render(corpId, createTime, event), crypto.bytes(16));
        String signature = target.crypt().sign(timestamp, nonce, encrypted);
        String url =
                target.config().urlWith("msg_signature=" + signature + "&timestamp=" + timestamp + "&nonce=" + nonce);
        double probability = duplicateProbability.getAsDouble();
        boolean twice = probability > 0 && duplicates.nextDouble() < probability;
        pusher.enqueue(new Push(nextSeq++, event, url, envelope(encrypted), twice));
    }

    private String envelope(String encrypted) {
        StringBuilder xml = new StringBuilder(encrypted.length() + 160).append("<xml>");
        EventXml.cdata(xml, "ToUserName", corpId);
        EventXml.cdata(xml, "AgentID", Long.toString(agentId));
        EventXml.cdata(xml, "Encrypt", encrypted);
        return xml.append("</xml>").toString();
    }

    @Override
    public void close() {
        pusher.close();
    }
}
