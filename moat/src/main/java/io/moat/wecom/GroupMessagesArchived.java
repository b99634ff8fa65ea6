package io.moat.wecom;

import io.moat.shared.TenantId;
import java.time.Instant;
import java.util.List;

/** New messages were said in customer groups, as the message archive records them. */
public record GroupMessagesArchived(TenantId tenant, List<Message> messages) {

    /** One message: who said what kind of thing, in which group, when. */
    public record Message(String msgId, String chatId, String sender, String type, Instant sentAt) {}
}
