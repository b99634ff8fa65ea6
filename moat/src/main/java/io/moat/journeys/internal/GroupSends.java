package io.moat.journeys.internal;

import io.moat.journeys.definition.Step;
import io.moat.messaging.Channel;
import io.moat.messaging.Content;
import io.moat.messaging.Priority;
import io.moat.messaging.SendBroker;
import io.moat.messaging.SendKey;
import io.moat.messaging.SendRequest;
import io.moat.wecom.WecomGroups;
import io.moat.workspace.WorkspaceDirectory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** A journey's group step: WeCom group mass sends through the send broker, in the step's transaction. */
@Component
class GroupSends {

    private final SendBroker broker;
    private final WecomGroups groups;
    private final WorkspaceDirectory zones;

    GroupSends(SendBroker broker, WecomGroups groups, WorkspaceDirectory zones) {
        this.broker = broker;
        this.groups = groups;
        this.zones = zones;
    }

    /**
     * Asks the broker for one group send per chat, sent by the group's owner. A group hears a step once per local
     * day however many customers pass it that day (the key is journey, step, chat and day), so a journey for many
     * customers does not repeat itself in their group. A group the mirror does not know, or that was dismissed, is
     * recorded as skipped for that chat.
     */
    String request(Enrolment enrolment, Step.SendToGroup step, Instant at) {
        String journey = Long.toString(enrolment.journeyId());
        String day = at.atZone(zones.zoneOf(enrolment.tenant())).toLocalDate().toString();
        List<String> outcomes = new ArrayList<>();
        for (String chatId : step.chatIds()) {
            var group = groups.group(enrolment.tenant(), chatId);
            if (group.isEmpty() || group.get().owner() == null || group.get().dismissedAt() != null) {
                outcomes.add(chatId + ": skipped (no such live group)");
                continue;
            }
            SendRequest request = new SendRequest(
                    SendKey.ofGroup(journey, step.id(), chatId, day),
                    Channel.GROUP,
                    null,
                    chatId,
                    group.get().owner(),
                    Content.text(step.text()),
                    Priority.NORMAL,
                    at,
                    null,
                    null,
                    journey,
                    step.id());
            outcomes.add(chatId + ": send " + broker.request(request));
        }
        return String.join("; ", outcomes);
    }
}
