package io.moat.wecom.callback;

import io.moat.shared.TenantId;
import io.moat.wecom.CorpTagsChanged;
import io.moat.wecom.CustomerAdded;
import io.moat.wecom.CustomerEdited;
import io.moat.wecom.CustomerRemoved;
import io.moat.wecom.GroupChanged;
import io.moat.wecom.GroupCreated;
import io.moat.wecom.GroupDismissed;
import io.moat.wecom.MembersJoined;
import io.moat.wecom.MembersLeft;
import io.moat.wecom.StaffChanged;
import io.moat.wecom.StaffDeletedByCustomer;
import io.moat.wecom.TransferFailed;
import io.moat.wecom.callback.Inbox.Entry;
import io.moat.wecom.client.WecomApi;
import io.moat.wecom.client.WecomApiException;
import io.moat.wecom.client.WecomClients;
import io.moat.wecom.client.WecomRecords.Follow;
import io.moat.wecom.client.WecomRecords.Staff;
import io.moat.wecom.sync.Mirror;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Turns one stored WeCom event into mirror updates and a domain event. The domain event is published from the
 * event's own fields first, so a customer's add is known (and its 20-second welcome code usable) even when the
 * follow-up API call for details fails; the nightly reconciliation repairs what such a failure leaves behind.
 */
@Component
class EventHandling {

    private static final Logger log = LoggerFactory.getLogger(EventHandling.class);

    private final WecomClients clients;
    private final Mirror mirror;
    private final ApplicationEventPublisher events;
    private final ContactRefreshes refreshes;
    private final Clock clock;

    EventHandling(
            WecomClients clients,
            Mirror mirror,
            ApplicationEventPublisher events,
            ContactRefreshes refreshes,
            Clock clock) {
        this.clients = clients;
        this.mirror = mirror;
        this.events = events;
        this.refreshes = refreshes;
        this.clock = clock;
    }

    void apply(TenantId tenant, Entry event) {
        Instant now = clock.instant();
        Instant at = createTime(event, now);
        switch (event.get("Event")) {
            case "change_external_contact" -> contact(tenant, event, at, now);
            case "change_external_chat" -> chat(tenant, event, at, now);
            case "change_external_tag" -> {
                refreshTags(tenant, now);
                events.publishEvent(new CorpTagsChanged(
                        tenant, event.get("ChangeType"), event.get("Id"), event.get("TagType"), at));
            }
            case "change_contact" -> staff(tenant, event, at, now);
            default -> log.debug("Ignoring WeCom event {}", event.get("Event"));
        }
    }

    private void contact(TenantId tenant, Entry event, Instant at, Instant now) {
        String customer = event.get("ExternalUserID");
        String staff = event.get("UserID");
        switch (event.get("ChangeType")) {
            case "add_external_contact", "add_half_external_contact" -> {
                mirror.contactSeen(tenant, customer, now);
                mirror.follow(
                        tenant,
                        customer,
                        new Follow(
                                staff,
                                null,
                                null,
                                blankToNull(event.get("State")),
                                null,
                                null,
                                at,
                                List.of(),
                                List.of()),
                        now);
                events.publishEvent(new CustomerAdded(
                        tenant,
                        customer,
                        staff,
                        blankToNull(event.get("State")),
                        blankToNull(event.get("WelcomeCode")),
                        at));
                refreshContact(tenant, customer, now);
            }
            case "edit_external_contact" -> {
                refreshContact(tenant, customer, now);
                events.publishEvent(new CustomerEdited(tenant, customer, staff, at));
            }
            case "del_external_contact" -> {
                boolean transfer = "DELETE_BY_TRANSFER".equals(event.get("Source"));
                mirror.followEnded(tenant, customer, staff, transfer ? "transfer" : "staff", now);
                events.publishEvent(new CustomerRemoved(tenant, customer, staff, transfer, at));
            }
            case "del_follow_user" -> {
                mirror.followEnded(tenant, customer, staff, "customer", now);
                events.publishEvent(new StaffDeletedByCustomer(tenant, customer, staff, at));
            }
            case "transfer_fail" ->
                events.publishEvent(new TransferFailed(tenant, customer, staff, event.get("FailReason"), at));
            default -> log.debug("Ignoring change_external_contact/{}", event.get("ChangeType"));
        }
    }

    private void chat(TenantId tenant, Entry event, Instant at, Instant now) {
        String chatId = event.get("ChatId");
        switch (event.get("ChangeType")) {
            case "create" -> {
                refreshGroup(tenant, chatId, now);
                events.publishEvent(new GroupCreated(tenant, chatId, at));
            }
            case "dismiss" -> {
                mirror.groupDismissed(tenant, chatId, now);
                events.publishEvent(new GroupDismissed(tenant, chatId, at));
            }
            case "update" -> {
                List<String> members = items(event.get("MemChangeList"));
                switch (event.get("UpdateDetail")) {
                    case "add_member" -> {
                        refreshGroup(tenant, chatId, now);
                        events.publishEvent(
                                new MembersJoined(tenant, chatId, members, parseInt(event.get("JoinScene")), at));
                    }
                    case "del_member" -> {
                        mirror.membersLeft(tenant, chatId, members, now);
                        events.publishEvent(
                                new MembersLeft(tenant, chatId, members, parseInt(event.get("QuitScene")), at));
                    }
                    default -> {
                        refreshGroup(tenant, chatId, now);
                        events.publishEvent(new GroupChanged(tenant, chatId, event.get("UpdateDetail"), at));
                    }
                }
            }
            default -> log.debug("Ignoring change_external_chat/{}", event.get("ChangeType"));
        }
    }

    private void staff(TenantId tenant, Entry event, Instant at, Instant now) {
        String userId = event.get("UserID");
        String change = event.get("ChangeType");
        if ("delete_user".equals(change)) {
            mirror.staffLeft(tenant, userId, now);
        } else if ("create_user".equals(change) || "update_user".equals(change)) {
            List<Long> departments = items(event.get("Department")).stream()
                    .map(EventHandling::parseLong)
                    .filter(id -> id > 0)
                    .toList();
            mirror.staff(tenant, new Staff(userId, event.get("Name"), departments, 1), now);
        }
        events.publishEvent(new StaffChanged(tenant, userId, change, at));
    }

    private void refreshContact(TenantId tenant, String externalUserId, Instant now) {
        api(tenant).ifPresent(api -> {
            try {
                api.contact(externalUserId).ifPresent(contact -> {
                    mirror.contact(tenant, contact, now);
                    events.publishEvent(refreshes.of(tenant, contact, now));
                });
            } catch (WecomApiException e) {
                log.warn("Could not fetch customer {} now ({}); reconciliation will", externalUserId, e.getMessage());
            }
        });
    }

    private void refreshGroup(TenantId tenant, String chatId, Instant now) {
        api(tenant).ifPresent(api -> mirror.group(tenant, api.group(chatId), now));
    }

    private void refreshTags(TenantId tenant, Instant now) {
        api(tenant).ifPresent(api -> mirror.corpTags(tenant, api.corpTags(), now));
    }

    private java.util.Optional<WecomApi> api(TenantId tenant) {
        return clients.forTenant(tenant);
    }

    private static Instant createTime(Entry event, Instant fallback) {
        long seconds = parseLong(event.get("CreateTime"));
        return seconds > 0 ? Instant.ofEpochSecond(seconds) : fallback;
    }

    /** MemChangeList arrives as {@code <Item>} children (joined with commas by the reader) or as a plain list. */
    private static List<String> items(String joined) {
        return Arrays.stream(joined.split(","))
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .toList();
    }

    private static int parseInt(String value) {
        return (int) parseLong(value);
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String blankToNull(String value) {
        return value.isBlank() ? null : value;
    }
}
