package io.moat.wecom;

import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.wecom.client.WecomApi;
import io.moat.wecom.client.WecomApiException;
import io.moat.wecom.client.WecomClients;
import io.moat.wecom.client.WecomRecords.CorpTag;
import io.moat.wecom.sync.Mirror;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * WeCom corp tags for other modules: read, create, rename, delete and mark them on a customer's relation with a
 * staff member. WeCom sends no callback for changes made through its API, so every write here also updates the
 * mirror itself. Call inside the workspace's scope.
 */
@Component
public class WecomTags {

    private final WecomClients clients;
    private final Mirror mirror;
    private final Clock clock;

    WecomTags(WecomClients clients, Mirror mirror, Clock clock) {
        this.clients = clients;
        this.mirror = mirror;
        this.clock = clock;
    }

    /** A corp tag as WeCom has it. */
    public record Tag(String tagId, String groupId, String groupName, String name, boolean deleted) {}

    public List<Tag> list(TenantId tenant) {
        return api(tenant).corpTags().stream().map(WecomTags::tag).toList();
    }

    /** Creates tags in an existing group ({@code groupId}) or a new one ({@code groupName}). */
    @Transactional
    public List<Tag> add(TenantId tenant, @Nullable String groupId, @Nullable String groupName, List<String> names) {
        List<CorpTag> added = api(tenant).addCorpTags(groupId, groupName, names);
        var all = api(tenant).corpTags();
        mirror.corpTags(tenant, all, clock.instant());
        return added.stream().map(WecomTags::tag).toList();
    }

    @Transactional
    public void rename(TenantId tenant, String tagId, String name) {
        api(tenant).editCorpTag(tagId, name);
        mirror.corpTags(tenant, api(tenant).corpTags(), clock.instant());
    }

    @Transactional
    public void delete(TenantId tenant, List<String> tagIds, List<String> groupIds) {
        api(tenant).deleteCorpTags(tagIds, groupIds);
        mirror.corpTags(tenant, api(tenant).corpTags(), clock.instant());
    }

    /**
     * Adds and removes corp tags on one customer as one staff member sees them; WeCom's refusal (after the client's
     * retries) comes back as {@link Refused} with its errcode.
     */
    public void mark(
            TenantId tenant, String staffUserId, String externalUserId, List<String> add, List<String> remove) {
        WecomApi api = api(tenant);
        try {
            api.markTags(staffUserId, externalUserId, add, remove);
        } catch (WecomApiException e) {
            throw new Refused(e);
        }
    }

    /** WeCom refused a call after retries; {@code errcode} is WeCom's (-1 when it could not be reached). */
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

    private WecomApi api(TenantId tenant) {
        return clients.forTenant(tenant)
                .orElseThrow(() -> new Problem(
                        HttpStatus.CONFLICT, "wecom-not-configured", "Configure WeCom for this workspace first."));
    }

    private static Tag tag(CorpTag tag) {
        return new Tag(tag.tagId(), tag.groupId(), tag.groupName(), tag.name(), tag.deleted());
    }
}
