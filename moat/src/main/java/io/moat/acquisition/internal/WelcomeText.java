package io.moat.acquisition.internal;

import io.moat.acquisition.internal.ChannelSpec.Attachment;
import io.moat.acquisition.internal.ChannelSpec.WelcomeSpec;
import io.moat.wecom.WecomWelcomes;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A welcome message as the customer sees it: the variant for this staff member or time slot (first match) or the
 * default text, with {@code {nickname}}, {@code {staff}} and {@code {benefitLink}} filled in, then the attachments and
 * the benefit link card last. The console's preview uses the same rendering.
 */
public record WelcomeText(
        String text,
        List<WecomWelcomes.Attachment> attachments,
        @Nullable String benefitUrl) {

    public static WelcomeText render(
            WelcomeSpec spec,
            String staffUserId,
            LocalTime localTime,
            String nickname,
            String staffName,
            @Nullable String benefitUrl) {
        String template = spec.variants().stream()
                .filter(variant -> variant.applies(staffUserId, localTime))
                .map(ChannelSpec.Variant::text)
                .findFirst()
                .orElse(spec.text());
        String text = template.replace("{nickname}", nickname)
                .replace("{staff}", staffName)
                .replace("{benefitLink}", benefitUrl == null ? "" : benefitUrl);
        List<WecomWelcomes.Attachment> attachments = new ArrayList<>();
        spec.attachments().forEach(attachment -> attachments.add(wire(attachment)));
        if (spec.benefit() != null && benefitUrl != null) {
            attachments.add(new WecomWelcomes.Attachment.Link(
                    spec.benefit().title(), benefitUrl, null, spec.benefit().description()));
        }
        return new WelcomeText(text, List.copyOf(attachments), benefitUrl);
    }

    private static WecomWelcomes.Attachment wire(Attachment attachment) {
        return switch (attachment.kind()) {
            case "image" -> new WecomWelcomes.Attachment.Image(attachment.picUrl());
            case "link" ->
                new WecomWelcomes.Attachment.Link(
                        attachment.title(), attachment.url(), attachment.picUrl(), attachment.desc());
            default ->
                new WecomWelcomes.Attachment.MiniProgram(
                        attachment.title(), attachment.appId(), attachment.page(), attachment.picMediaId());
        };
    }
}
