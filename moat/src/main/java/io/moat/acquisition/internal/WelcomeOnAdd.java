package io.moat.acquisition.internal;

import io.moat.customers.BenefitLinks;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.wecom.CustomerAdded;
import io.moat.wecom.WecomWelcomes;
import io.moat.workspace.WorkspaceDirectory;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An add through a channel's state: recorded once (arrival and attribution), then the channel's welcome message goes
 * out at once on its own thread, inside WeCom's 20-second welcome_code window, with the customer's own benefit-claim
 * link. A repeated callback finds the arrival recorded and does nothing. Without a welcome code (the admin console's
 * welcome applies, or the customer had chatted) or through a deleted channel, the welcome is recorded as skipped with
 * the reason; WeCom's refusal (41050 expired, 41051 used, …) is recorded as failed and not retried.
 */
@Component
class WelcomeOnAdd implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WelcomeOnAdd.class);

    private final Arrivals arrivals;
    private final WelcomeSends sends;
    private final ChannelRows channels;
    private final WecomWelcomes wecom;
    private final BenefitLinks benefits;
    private final WorkspaceDirectory zones;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ExecutorService sending = Executors.newVirtualThreadPerTaskExecutor();

    WelcomeOnAdd(
            Arrivals arrivals,
            WelcomeSends sends,
            ChannelRows channels,
            WecomWelcomes wecom,
            BenefitLinks benefits,
            WorkspaceDirectory zones,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.arrivals = arrivals;
        this.sends = sends;
        this.channels = channels;
        this.wecom = wecom;
        this.benefits = benefits;
        this.zones = zones;
        this.transactions = new TransactionTemplate(transactions);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** A welcome claimed for sending. */
    private record Claimed(long sendId, ChannelView channel, CustomerAdded added, ZoneId zone) {}

    @TransactionalEventListener
    void on(CustomerAdded added) {
        String state = added.state();
        if (state == null || state.isBlank()) {
            return;
        }
        ZoneId zone = zones.zoneOf(added.tenant());
        Claimed claimed = CallContext.forTenant(added.tenant(), "acquisition")
                .call(() -> transactions.execute(status -> record(added, state, zone)));
        if (claimed != null) {
            sending.submit(
                    () -> CallContext.forTenant(added.tenant(), "acquisition").run(() -> send(claimed)));
        }
    }

    private Claimed record(CustomerAdded added, String state, ZoneId zone) {
        TenantId tenant = added.tenant();
        var source = arrivals.source(tenant, state);
        if (source.isEmpty()) {
            arrivals.stray(
                    tenant,
                    added.externalUserId(),
                    added.staffUserId(),
                    state,
                    "no channel code has this state",
                    added.at());
            return null;
        }
        LocalDate day = LocalDate.ofInstant(added.at(), zone);
        var arrival = arrivals.record(
                tenant, source.get().channelId(), added.staffUserId(), added.externalUserId(), state, added.at(), day);
        if (arrival.isEmpty()) {
            return null;
        }
        long channel = source.get().channelId();
        String key = added.welcomeCode() == null
                ? "add:" + added.externalUserId() + ":" + added.staffUserId() + ":"
                        + added.at().getEpochSecond()
                : "code:" + added.welcomeCode();
        if (source.get().channelDeleted()) {
            sends.skipped(
                    tenant,
                    arrival.get().id(),
                    channel,
                    added.staffUserId(),
                    added.externalUserId(),
                    key,
                    WelcomeSends.Skip.CHANNEL_DELETED,
                    clock.instant());
            return null;
        }
        if (added.welcomeCode() == null) {
            sends.skipped(
                    tenant,
                    arrival.get().id(),
                    channel,
                    added.staffUserId(),
                    added.externalUserId(),
                    key,
                    WelcomeSends.Skip.NO_WELCOME_CODE,
                    clock.instant());
            return null;
        }
        return sends.claim(
                        tenant,
                        arrival.get().id(),
                        channel,
                        added.staffUserId(),
                        added.externalUserId(),
                        key,
                        clock.instant())
                .map(id -> new Claimed(id, channels.find(tenant, channel).orElseThrow(), added, zone))
                .orElse(null);
    }

    private void send(Claimed claimed) {
        CustomerAdded added = claimed.added();
        TenantId tenant = added.tenant();
        try {
            String nickname = transactions.execute(
                    status -> wecom.customerName(tenant, added.externalUserId()).orElse(""));
            String staffName = transactions.execute(
                    status -> wecom.staffName(tenant, added.staffUserId()).orElse(added.staffUserId()));
            String benefitUrl = null;
            if (claimed.channel().welcome().benefit() != null) {
                String base = claimed.channel()
                        .url()
                        .substring(
                                0,
                                claimed.channel().url().length()
                                        - ("/c/" + claimed.channel().code()).length());
                benefitUrl = base + benefits.claimPath(tenant, added.externalUserId(), added.at());
            }
            WelcomeText welcome = WelcomeText.render(
                    claimed.channel().welcome(),
                    added.staffUserId(),
                    LocalTime.ofInstant(clock.instant(), claimed.zone()),
                    nickname,
                    staffName,
                    benefitUrl);
            var outcome = wecom.send(tenant, added.welcomeCode(), welcome.text(), welcome.attachments());
            transactions.executeWithoutResult(status -> sends.finish(
                    tenant,
                    claimed.sendId(),
                    outcome.sent(),
                    outcome.sent() ? null : outcome.errcode(),
                    outcome.sent() ? null : reason(outcome.errcode(), outcome.detail()),
                    welcome.text(),
                    welcome.benefitUrl(),
                    welcome.attachments().size(),
                    clock.instant()));
        } catch (RuntimeException e) {
            log.warn("Welcome to {} via {} failed before WeCom answered", added.externalUserId(), added.state(), e);
            transactions.executeWithoutResult(status -> sends.finish(
                    tenant,
                    claimed.sendId(),
                    false,
                    null,
                    "not sent: " + e.getMessage(),
                    null,
                    null,
                    0,
                    clock.instant()));
        }
    }

    static String reason(int errcode, String detail) {
        return switch (errcode) {
            case 41050 -> "welcome code expired or invalid (41050)";
            case 41051 -> "welcome code already used or the customer already chatting (41051)";
            case 41096 -> "another application is sending the welcome (41096)";
            default -> detail;
        };
    }

    @Override
    public void destroy() {
        sending.shutdown();
    }
}
