package io.moat.acquisition.internal;

import io.moat.acquisition.internal.ChannelSpec.WelcomeSpec;
import io.moat.acquisition.rotation.WorkingHours;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A channel code as stored: its public code, the contact way of each staff member, and what it does on an add. */
public record ChannelView(
        long id,
        String code,
        String url,
        String name,
        String kind,
        Map<String, String> kindFields,
        String mode,
        boolean sticky,
        List<StaffView> staff,
        List<Long> tagIds,
        WelcomeSpec welcome,
        long costFen,
        Instant createdAt,
        @Nullable Instant deletedAt) {

    /** A staff member behind the code with their own contact way and state. */
    public record StaffView(
            String staffUserId,
            String state,
            @Nullable String configId,
            @Nullable String qrCode,
            int weight,
            @Nullable Integer dailyCap,
            WorkingHours hours,
            boolean backup,
            boolean online,
            @Nullable Instant leftAt) {}
}
