package io.moat.wecom;

import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.wecom.client.WecomApi;
import io.moat.wecom.client.WecomApiException;
import io.moat.wecom.client.WecomClients;
import io.moat.wecom.client.WecomRecords;
import java.time.Instant;
import java.util.List;
import me.chanjar.weixin.cp.bean.external.msg.Attachment;
import me.chanjar.weixin.cp.bean.external.msg.Image;
import me.chanjar.weixin.cp.bean.external.msg.Link;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * WeCom's staff-confirmed mass messages (群发) and app messages for other modules, in plain values: create a task for
 * one sender, read its confirmation and per-recipient results, remind the sender, cancel it, and notify staff in the
 * app. Every call is governed by the per-API quota and retried on transient errors; a refusal comes back as {@link
 * Refused} with WeCom's errcode. Call inside the workspace's scope.
 */
@Component
public class WecomMassMessages {

    private final WecomClients clients;

    WecomMassMessages(WecomClients clients) {
        this.clients = clients;
    }

    /** Whom a task goes to. */
    public enum Audience {
        CUSTOMERS("single"),
        GROUPS("group");

        private final String chatType;

        Audience(String chatType) {
            this.chatType = chatType;
        }
    }

    /** An attachment: an image by media id, or a link. */
    public record Piece(
            String kind,
            @Nullable String mediaId,
            @Nullable String title,
            @Nullable String url) {}

    /** A created task: WeCom's msgid and the recipients it refused at once (not followed by the sender, unknown). */
    public record Task(String msgId, List<String> refused) {}

    /** A sender's task: confirmed (sent) or not, and when. */
    public record TaskStatus(boolean confirmed, @Nullable Instant confirmedAt) {}

    /** One recipient's result: 0 not sent, 1 sent, 2 not a friend (any more), 3 over the receive cap. */
    public record Recipient(
            @Nullable String externalUserId,
            @Nullable String chatId,
            int status,
            @Nullable Instant sentAt) {}

    /** A mass message listed for a sender: its msgid and text. */
    public record Listed(String msgId, String text) {}

    /** WeCom refused the call after retries; {@code errcode} is WeCom's (-1 when it could not be reached). */
    public static final class Refused extends RuntimeException {
        private final int errcode;

        Refused(WecomApiException cause) {
            super(cause.getMessage(), cause);
            this.errcode = cause.errcode();
        }

        public int errcode() {
            return errcode;
        }
    }

    public Task create(
            TenantId tenant,
            Audience audience,
            String sender,
            List<String> recipients,
            String text,
            List<Piece> pieces) {
        List<String> customers = audience == Audience.CUSTOMERS ? recipients : List.of();
        List<String> groups = audience == Audience.GROUPS ? recipients : List.of();
        WecomRecords.MassTask task = call(() -> api(tenant)
                .addMassTask(
                        audience.chatType,
                        sender,
                        customers,
                        groups,
                        text,
                        pieces.stream().map(WecomMassMessages::attachment).toList()));
        return new Task(task.msgId(), task.failList());
    }

    public TaskStatus status(TenantId tenant, String msgId, String sender) {
        WecomRecords.MassTaskStatus status = call(() -> api(tenant).massTaskStatus(msgId, sender));
        return new TaskStatus(status.status() == 2, status.sentAt());
    }

    public List<Recipient> results(TenantId tenant, String msgId, String sender) {
        return call(() -> api(tenant).massSendResult(msgId, sender)).stream()
                .map(r -> new Recipient(r.externalUserId(), r.chatId(), r.status(), r.sentAt()))
                .toList();
    }

    public List<Listed> createdFor(TenantId tenant, Audience audience, String sender, Instant from, Instant to) {
        return call(() -> api(tenant).massMessagesOf(audience.chatType, sender, from, to)).stream()
                .map(m -> new Listed(m.msgId(), m.text()))
                .toList();
    }

    public void remind(TenantId tenant, String msgId) {
        call(() -> {
            api(tenant).remindMassTask(msgId);
            return null;
        });
    }

    public void cancel(TenantId tenant, String msgId) {
        call(() -> {
            api(tenant).cancelMassTask(msgId);
            return null;
        });
    }

    /** The welcome message for a customer's add, with the add's welcome code (valid 20 s, once). */
    public void welcome(TenantId tenant, String welcomeCode, String text) {
        call(() -> {
            api(tenant).sendWelcome(welcomeCode, text);
            return null;
        });
    }

    /** An app message (text) to staff members. */
    public void notifyStaff(TenantId tenant, List<String> userIds, String text) {
        call(() -> {
            api(tenant).sendAppText(userIds, text);
            return null;
        });
    }

    /** Whether the workspace has WeCom configured at all. */
    public boolean configured(TenantId tenant) {
        return clients.forTenant(tenant).isPresent();
    }

    private static <T> T call(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (WecomApiException e) {
            throw new Refused(e);
        }
    }

    private WecomApi api(TenantId tenant) {
        return clients.forTenant(tenant)
                .orElseThrow(() -> new Problem(
                        HttpStatus.CONFLICT, "wecom-not-configured", "Configure WeCom for this workspace first."));
    }

    /** WeCom's form of an attachment, for mass messages and Moments alike. */
    static Attachment attachment(Piece piece) {
        var attachment = new Attachment();
        if ("image".equals(piece.kind())) {
            var image = new Image();
            image.setMediaId(piece.mediaId());
            attachment.setImage(image);
        } else {
            var link = new Link();
            link.setTitle(piece.title());
            link.setUrl(piece.url());
            attachment.setLink(link);
        }
        return attachment;
    }
}
