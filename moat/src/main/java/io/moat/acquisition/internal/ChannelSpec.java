package io.moat.acquisition.internal;

import io.moat.acquisition.rotation.StaffRotation;
import io.moat.acquisition.rotation.WorkingHours;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What an operator says a channel code is: kind, rotation, tags, welcome message and cost. */
public record ChannelSpec(
        String name,
        ChannelKind kind,
        Map<String, String> kindFields,
        StaffRotation.Mode mode,
        boolean sticky,
        List<StaffSpec> staff,
        List<Long> tagIds,
        WelcomeSpec welcome,
        long costFen) {

    /** One staff member behind the code. */
    public record StaffSpec(
            String staffUserId,
            int weight,
            @Nullable Integer dailyCap,
            WorkingHours hours,
            boolean backup,
            boolean online) {}

    /**
     * The welcome message: text with {@code {nickname}}, {@code {staff}} and {@code {benefitLink}}, attachments,
     * variants chosen by staff member or local time slot (first match wins), and the benefit-claim link card.
     */
    public record WelcomeSpec(
            String text,
            List<Attachment> attachments,
            List<Variant> variants,
            @Nullable Benefit benefit) {}

    /** The customer's own benefit-claim page, sent as a link card. */
    public record Benefit(String title, @Nullable String description) {}

    /** kind: image (picUrl), link (title, url, picUrl?, desc?) or miniprogram (title, appId, page, picMediaId). */
    public record Attachment(
            String kind,
            @Nullable String title,
            @Nullable String url,
            @Nullable String picUrl,
            @Nullable String desc,
            @Nullable String appId,
            @Nullable String page,
            @Nullable String picMediaId) {}

    /** A replacement text for one staff member and/or a slot of local time [from, to). */
    public record Variant(
            @Nullable String staffUserId,
            @Nullable LocalTime from,
            @Nullable LocalTime to,
            String text) {

        boolean applies(String staff, LocalTime now) {
            boolean staffMatches = staffUserId == null || staffUserId.equals(staff);
            boolean timeMatches = from == null || to == null || (!now.isBefore(from) && now.isBefore(to));
            return staffMatches && timeMatches;
        }
    }
}
