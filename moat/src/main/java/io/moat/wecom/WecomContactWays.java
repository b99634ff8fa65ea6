package io.moat.wecom;

import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.wecom.client.WecomApi;
import io.moat.wecom.client.WecomApiException;
import io.moat.wecom.client.WecomClients;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * WeCom contact ways (「联系我」) for other modules: one staff member each, QR scene, adds carrying a state. WeCom's
 * refusal becomes a problem naming {@code field} and WeCom's errcode, so the caller changes nothing locally. Call
 * inside the workspace's scope.
 */
@Component
public class WecomContactWays {

    private final WecomClients clients;

    WecomContactWays(WecomClients clients) {
        this.clients = clients;
    }

    /** A contact way as WeCom created it: its config id and the URL of its QR image. */
    public record Way(String configId, @Nullable String qrCode) {}

    public Way create(TenantId tenant, String staffUserId, String state, @Nullable String remark, String field) {
        return call(tenant, field, "create a contact way for " + staffUserId, api -> {
            var way = api.addContactWay(staffUserId, state, remark);
            return new Way(way.configId(), way.qrCode());
        });
    }

    public void delete(TenantId tenant, String configId, String field) {
        call(tenant, field, "delete contact way " + configId, api -> {
            api.deleteContactWay(configId);
            return null;
        });
    }

    /** Whether WeCom still has this contact way; false when it was deleted in WeCom behind Moat's back. */
    public boolean exists(TenantId tenant, String configId) {
        return call(tenant, "staff", "read contact way " + configId, api -> api.contactWayExists(configId));
    }

    /** Deletes a contact way; true also when WeCom no longer knows it (already deleted there). */
    public boolean deleteIfPresent(TenantId tenant, String configId) {
        try {
            api(tenant).deleteContactWay(configId);
            return true;
        } catch (WecomApiException e) {
            if (e.errcode() == 40058) {
                return true;
            }
            throw new Problem(
                    HttpStatus.BAD_GATEWAY,
                    "wecom-refused",
                    "WeCom refused to delete contact way " + configId + ": " + e.getMessage(),
                    "staff");
        }
    }

    private <T> T call(TenantId tenant, String field, String action, Function<WecomApi, T> work) {
        WecomApi api = api(tenant);
        try {
            return work.apply(api);
        } catch (WecomApiException e) {
            throw new Problem(
                    HttpStatus.BAD_GATEWAY,
                    "wecom-refused",
                    "WeCom refused to " + action + ": " + e.getMessage(),
                    field);
        }
    }

    private WecomApi api(TenantId tenant) {
        return clients.forTenant(tenant)
                .orElseThrow(() -> new Problem(
                        HttpStatus.CONFLICT, "wecom-not-configured", "Configure WeCom for this workspace first."));
    }
}
