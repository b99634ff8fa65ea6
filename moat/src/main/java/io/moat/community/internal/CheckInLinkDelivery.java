package io.moat.community.internal;

import io.moat.customers.CustomerLookup;
import io.moat.messaging.Content;
import io.moat.messaging.SendBroker;
import io.moat.messaging.SendRequest;
import io.moat.messaging.SendView;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sends a member their personal check-in link one to one, through the send broker, so consent, quiet hours, caps
 * and WeCom's quotas apply and the send ends in one visible state in the send log. The member's live link is sent
 * (a new one only when they have none), and the send's key is the link's, so pressing "send" twice sends once.
 */
@Component
public class CheckInLinkDelivery {

    private final CheckInLinks links;
    private final GroupDirectory groups;
    private final CustomerLookup customers;
    private final SendBroker broker;

    CheckInLinkDelivery(CheckInLinks links, GroupDirectory groups, CustomerLookup customers, SendBroker broker) {
        this.links = links;
        this.groups = groups;
        this.customers = customers;
        this.broker = broker;
    }

    /** {@code baseUrl}: where members reach Moat's public pages, e.g. {@code https://moat.example.com}. */
    @Transactional
    public SendView send(
            TenantId tenant, String slug, String chatId, String memberId, String baseUrl, String by, Instant now) {
        var customer = customers
                .byExternalUserId(tenant, memberId)
                .orElseThrow(() -> new Problem(
                        HttpStatus.CONFLICT,
                        "member-not-a-customer",
                        "Member " + memberId + " is not a customer Moat knows yet, so there is nobody to send to.",
                        "memberId"));
        var link = links.live(tenant, slug, chatId, memberId)
                .orElseGet(() -> links.issue(tenant, slug, chatId, memberId, by, now));
        String group = groups.group(tenant, chatId).name();
        String text = "「" + group + "」每日打卡：" + baseUrl + "/k/" + link.token() + "\n每天点开打一次卡，连续打卡有奖励。";
        long id = broker.request(
                SendRequest.toCustomer("community/check-in-link/" + link.id(), customer, Content.text(text)));
        return broker.find(id).orElseThrow();
    }
}
