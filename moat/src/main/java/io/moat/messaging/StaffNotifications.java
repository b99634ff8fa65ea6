package io.moat.messaging;

import io.moat.messaging.internal.NoticeDelivery;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * App notifications to staff members through the workspace's WeCom app (a task to confirm, a customer waiting).
 * WeCom lets a member receive at most 30 app messages a minute; a notice past that waits for the next free place
 * (counted across every Moat instance in the database) rather than being refused or dropped. Idempotent on the key.
 * Joins the caller's transaction.
 */
@Service
public class StaffNotifications {

    /** A notice's state: waiting for its place, sent, or failed with WeCom's reason. */
    public record Notice(long id, String key, String staffUserId, String text, String state, String reason) {}

    private final NoticeDelivery delivery;

    StaffNotifications(NoticeDelivery delivery) {
        this.delivery = delivery;
    }

    /** Queues a notice to {@code staffUserId}; a second call with the same key changes nothing. Answers its id. */
    @Transactional
    public long notify(String key, String staffUserId, String text) {
        if (text.isBlank() || text.length() > 600) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST, "notice-text-invalid", "A notice is 1 to 600 characters.", "text");
        }
        return delivery.queue(tenant(), key, staffUserId, text);
    }

    @Transactional(readOnly = true)
    public Optional<Notice> find(String key) {
        return delivery.find(tenant(), key);
    }

    private static TenantId tenant() {
        return CallContext.currentTenant()
                .orElseThrow(() -> new Problem(HttpStatus.FORBIDDEN, "no-workspace", "Notices belong to a workspace."));
    }
}
