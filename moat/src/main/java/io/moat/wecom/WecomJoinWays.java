package io.moat.wecom;

import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.wecom.client.WecomApi;
import io.moat.wecom.client.WecomApiException;
import io.moat.wecom.client.WecomClients;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * WeCom group join ways (「加入群聊」, groupchat/*_join_way) for other modules: a QR code over up to five customer
 * groups whose joins carry a state, WeCom opening a new group when all are full if asked to. WeCom's refusal becomes
 * a problem naming {@code field} and the errcode, so the caller changes nothing locally. Call inside the workspace's
 * scope.
 */
@Component
public class WecomJoinWays {

    private final WecomClients clients;

    WecomJoinWays(WecomClients clients) {
        this.clients = clients;
    }

    /** The way's settings; {@code roomBaseName} and {@code roomBaseId} name the groups WeCom opens. */
    public record Settings(
            List<String> chatIds,
            String state,
            @Nullable String remark,
            boolean autoCreateRoom,
            @Nullable String roomBaseName,
            @Nullable Integer roomBaseId) {}

    /** A join way as WeCom has it now: its QR image and its groups (those WeCom opened included). */
    public record Way(String configId, @Nullable String qrCode, List<String> chatIds) {}

    public Way create(TenantId tenant, Settings settings) {
        return call(tenant, "chatIds", "create a group join code", api -> {
            String configId = api.addJoinWay(
                    settings.chatIds(),
                    settings.state(),
                    settings.remark(),
                    settings.autoCreateRoom(),
                    settings.roomBaseName(),
                    settings.roomBaseId());
            var way = api.joinWay(configId);
            return new Way(configId, way.qrCode(), way.chatIds());
        });
    }

    public void update(TenantId tenant, String configId, Settings settings) {
        call(tenant, "chatIds", "update group join code " + configId, api -> {
            api.updateJoinWay(
                    configId,
                    settings.chatIds(),
                    settings.state(),
                    settings.remark(),
                    settings.autoCreateRoom(),
                    settings.roomBaseName(),
                    settings.roomBaseId());
            return null;
        });
    }

    public Way read(TenantId tenant, String configId) {
        return call(tenant, "configId", "read group join code " + configId, api -> {
            var way = api.joinWay(configId);
            return new Way(configId, way.qrCode(), way.chatIds());
        });
    }

    /** Deletes the way; true also when WeCom no longer knows it (deleted there already). */
    public void delete(TenantId tenant, String configId) {
        try {
            api(tenant).deleteJoinWay(configId);
        } catch (WecomApiException e) {
            if (e.errcode() != 40058) {
                throw refused("delete group join code " + configId, e, "configId");
            }
        }
    }

    private <T> T call(TenantId tenant, String field, String action, Function<WecomApi, T> work) {
        WecomApi api = api(tenant);
        try {
            return work.apply(api);
        } catch (WecomApiException e) {
            throw refused(action, e, field);
        }
    }

    private static Problem refused(String action, WecomApiException e, String field) {
        return new Problem(
                HttpStatus.BAD_GATEWAY, "wecom-refused", "WeCom refused to " + action + ": " + e.getMessage(), field);
    }

    private WecomApi api(TenantId tenant) {
        return clients.forTenant(tenant)
                .orElseThrow(() -> new Problem(
                        HttpStatus.CONFLICT, "wecom-not-configured", "Configure WeCom for this workspace first."));
    }
}
