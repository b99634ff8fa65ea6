package io.moat.wecom;

import io.moat.shared.TenantId;
import io.moat.wecom.client.WecomApiException;
import io.moat.wecom.client.WecomClients;
import io.moat.wecom.client.WecomRecords;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Welcome messages (send_welcome_msg) for other modules, and the names a welcome greets with from the mirror. A
 * send never throws for WeCom's answer: the outcome carries WeCom's errcode (41050 expired or invalid code, 41051
 * code used or the customer already chatting, 41096 another app sending), so the caller records one final state.
 * Call inside the workspace's scope.
 */
@Component
public class WecomWelcomes {

    private final WecomClients clients;
    private final JdbcClient jdbc;

    WecomWelcomes(WecomClients clients, JdbcClient jdbc) {
        this.clients = clients;
        this.jdbc = jdbc;
    }

    /** An attachment of a welcome message. */
    public sealed interface Attachment {
        record Image(String picUrl) implements Attachment {}

        record Link(
                String title,
                String url,
                @Nullable String picUrl,
                @Nullable String desc) implements Attachment {}

        record MiniProgram(String title, String appId, String page, String picMediaId) implements Attachment {}
    }

    /** What WeCom answered: sent, or refused with its errcode (-1 when WeCom could not be reached). */
    public record Outcome(boolean sent, int errcode, String detail) {}

    public Outcome send(TenantId tenant, String welcomeCode, String text, List<Attachment> attachments) {
        var api = clients.forTenant(tenant);
        if (api.isEmpty()) {
            return new Outcome(false, -1, "WeCom is not configured for this workspace");
        }
        try {
            api.get()
                    .sendWelcome(
                            welcomeCode,
                            text,
                            attachments.stream().map(WecomWelcomes::wire).toList());
            return new Outcome(true, 0, "sent");
        } catch (WecomApiException e) {
            return new Outcome(false, e.errcode(), String.valueOf(e.getMessage()));
        }
    }

    /** The customer's WeChat name as last seen from WeCom, if Moat has it. */
    public Optional<String> customerName(TenantId tenant, String externalUserId) {
        return jdbc.sql("select name from wecom.contact where tenant_id = ? and external_user_id = ?")
                .params(tenant.value(), externalUserId)
                .query(String.class)
                .optional()
                .filter(name -> !name.isBlank());
    }

    /** A staff member's name from the mirrored directory, if known. */
    public Optional<String> staffName(TenantId tenant, String staffUserId) {
        return jdbc.sql("select name from wecom.staff where tenant_id = ? and user_id = ?")
                .params(tenant.value(), staffUserId)
                .query(String.class)
                .optional()
                .filter(name -> !name.isBlank());
    }

    private static WecomRecords.Attachment wire(Attachment attachment) {
        return switch (attachment) {
            case Attachment.Image image -> new WecomRecords.Attachment.Image(image.picUrl());
            case Attachment.Link link ->
                new WecomRecords.Attachment.Link(link.title(), link.url(), link.picUrl(), link.desc());
            case Attachment.MiniProgram card ->
                new WecomRecords.Attachment.MiniProgram(card.title(), card.appId(), card.page(), card.picMediaId());
        };
    }
}
