package io.moat.journeys.web;

import io.moat.messaging.Attachment;
import io.moat.shared.Problem;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/** An attachment as the console sends it with a post, a broadcast or a Moments plan. */
record AttachmentBody(
        @NotBlank @Pattern(regexp = "image|link") String kind,
        @Nullable String mediaId,
        @Nullable @Size(max = 128) String title,
        @Nullable @Size(max = 2000) String url) {

    /**
     * The broker's attachments; one the broker refuses becomes a problem {@code code} naming {@code
     * <prefix>attachments[i]}.
     */
    static List<Attachment> toAttachments(@Nullable List<AttachmentBody> given, String code, String prefix) {
        List<Attachment> attachments = new ArrayList<>();
        List<AttachmentBody> bodies = given == null ? List.of() : given;
        for (int i = 0; i < bodies.size(); i++) {
            AttachmentBody a = bodies.get(i);
            String field = prefix + "attachments[" + i + "]";
            try {
                attachments.add(new Attachment(a.kind(), a.mediaId(), a.title(), a.url()));
            } catch (IllegalArgumentException e) {
                throw new Problem(HttpStatus.BAD_REQUEST, code, field + ": " + e.getMessage(), field);
            }
        }
        return attachments;
    }
}
