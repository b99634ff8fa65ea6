package io.moat.wecom.callback;

import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.wecom.callback.CallbackRejected.Reason;
import io.moat.wecom.config.CorpConfig;
import io.moat.wecom.config.CorpConfigs;
import io.moat.workspace.WorkspaceDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes WeCom's callbacks in: finds the workspace, verifies the signature before decrypting, refuses stale
 * timestamps and messages for another corp, remembers the signature against replays, and stores the event in the
 * inbox once. Processing happens after the answer, asynchronously.
 */
@Service
public class CallbackIntake {

    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(CallbackIntake.class);

    private final WorkspaceDirectory directory;
    private final CorpConfigs configs;
    private final Inbox inbox;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    CallbackIntake(
            WorkspaceDirectory directory,
            CorpConfigs configs,
            Inbox inbox,
            TransactionTemplate transactions,
            ApplicationEventPublisher events,
            Clock clock) {
        this.directory = directory;
        this.configs = configs;
        this.inbox = inbox;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    /** Published when an inbox has new work, so a worker drains it without waiting for the sweep. */
    public record InboxFilled(TenantId tenant) {}

    /** WeCom's URL verification: answers the decrypted echostr. */
    public String verifyUrl(String slug, String signature, String timestamp, String nonce, String echostr) {
        TenantId tenant = tenant(slug);
        CallbackCipher cipher = cipher(config(tenant));
        requireFresh(timestamp);
        cipher.verify(signature, timestamp, nonce, echostr);
        return cipher.decrypt(echostr);
    }

    /** Accepts one event push; returns normally when it was stored or was already there. */
    public void receive(String slug, String signature, String timestamp, String nonce, String body) {
        TenantId tenant = tenant(slug);
        CorpConfig config = config(tenant);
        CallbackCipher cipher = cipher(config);
        String encrypted = CallbackXml.parse(body).get("Encrypt");
        if (encrypted.isEmpty()) {
            throw new CallbackRejected(Reason.MALFORMED_XML, "the body has no <Encrypt> element");
        }
        requireFresh(timestamp);
        cipher.verify(signature, timestamp, nonce, encrypted);
        CallbackXml.Fields event = CallbackXml.parse(cipher.decrypt(encrypted));
        String addressee = event.get("ToUserName");
        if (!addressee.isEmpty() && !addressee.equals(config.corpId())) {
            throw new CallbackRejected(Reason.WRONG_CORP, "ToUserName is not this workspace's corp");
        }
        Instant now = clock.instant();
        boolean stored = CallContext.forTenant(tenant, "wecom")
                .call(() -> transactions.execute(status -> {
                    if (!inbox.firstSighting(tenant, signature, now)) {
                        log.warn("Replayed WeCom callback for workspace {} ignored (signature seen before)", slug);
                        return false;
                    }
                    boolean fresh = inbox.store(tenant, event.values(), now);
                    if (!fresh) {
                        log.info(
                                "Duplicate WeCom event {}/{} for workspace {} ignored",
                                event.get("Event"),
                                event.get("ChangeType"),
                                slug);
                    }
                    return fresh;
                }));
        if (stored) {
            events.publishEvent(new InboxFilled(tenant));
        }
    }

    private TenantId tenant(String slug) {
        return directory
                .bySlug(slug)
                .map(WorkspaceDirectory.Entry::tenant)
                .orElseThrow(() -> new CallbackRejected(Reason.UNKNOWN_WORKSPACE, "no workspace '" + slug + "'"));
    }

    private CorpConfig config(TenantId tenant) {
        return CallContext.forTenant(tenant, "wecom")
                .call(() -> configs.find(tenant))
                .orElseThrow(() -> new CallbackRejected(Reason.NOT_CONFIGURED, "WeCom is not configured here"));
    }

    private static CallbackCipher cipher(CorpConfig config) {
        return new CallbackCipher(config.token(), config.encodingAesKey(), config.corpId());
    }

    private void requireFresh(String timestamp) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new CallbackRejected(Reason.STALE_TIMESTAMP, "timestamp is not a number of seconds");
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
        if (skew > MAX_SKEW.toSeconds()) {
            throw new CallbackRejected(Reason.STALE_TIMESTAMP, "timestamp is " + skew + " s away from now");
        }
    }
}
