package io.moat.tags;

import io.moat.shared.TenantId;
import io.moat.tags.internal.ChannelTags;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * For the module that owns channel codes: which tags an add through a contact-way state gives. The tags module then
 * tags each such add itself (in WeCom and on the profile) when {@link io.moat.wecom.CustomerAdded} arrives. Call
 * inside the workspace's scope.
 */
@Component
public class ChannelTagMap {

    private final ChannelTags channels;

    ChannelTagMap(ChannelTags channels) {
        this.channels = channels;
    }

    /**
     * Makes adds through {@code state} give exactly {@code tagIds} (each checked to exist and be assignable; a bad
     * one is a problem naming {@code tagIds}); an empty list removes the mapping.
     */
    public void map(TenantId tenant, String state, List<Long> tagIds) {
        channels.map(tenant, state, tagIds);
    }
}
