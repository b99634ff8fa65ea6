package io.moat.acquisition.internal;

import io.moat.acquisition.internal.ChannelSpec.Attachment;
import io.moat.acquisition.internal.ChannelSpec.StaffSpec;
import io.moat.shared.Problem;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;

/** What makes a channel spec acceptable, checked before anything is written; each refusal names its field. */
final class ChannelRules {

    /** WeCom's limits for a welcome message: text ≤ 4000 bytes, ≤ 9 attachments. */
    static final int MAX_TEXT_BYTES = 4000;

    static final int MAX_ATTACHMENTS = 9;

    private ChannelRules() {}

    static void check(ChannelSpec spec) {
        if (spec.name().isBlank() || spec.name().length() > 60) {
            throw invalid("A channel name has 1 to 60 characters.", "name");
        }
        for (String field : spec.kind().requiredFields()) {
            String value = spec.kindFields().get(field);
            if (value == null || value.isBlank()) {
                throw invalid("A " + spec.kind().code() + " channel needs " + field + ".", "kindFields." + field);
            }
        }
        if (spec.staff().isEmpty()) {
            throw invalid("A channel code needs at least one staff member.", "staff");
        }
        if (spec.staff().stream().allMatch(StaffSpec::backup)) {
            throw invalid("At least one staff member is not a backup.", "staff");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < spec.staff().size(); i++) {
            StaffSpec staff = spec.staff().get(i);
            if (!seen.add(staff.staffUserId())) {
                throw invalid("Each staff member appears once.", "staff[" + i + "].staffUserId");
            }
            if (staff.weight() < 1 || staff.weight() > 100) {
                throw invalid("A weight is between 1 and 100.", "staff[" + i + "].weight");
            }
            if (staff.dailyCap() != null && staff.dailyCap() < 0) {
                throw invalid("A daily cap is not negative.", "staff[" + i + "].dailyCap");
            }
        }
        if (spec.costFen() < 0) {
            throw invalid("A cost is not negative.", "costFen");
        }
        checkWelcome(spec);
    }

    private static void checkWelcome(ChannelSpec spec) {
        var welcome = spec.welcome();
        checkText(welcome.text(), "welcome.text");
        for (int i = 0; i < welcome.variants().size(); i++) {
            var variant = welcome.variants().get(i);
            checkText(variant.text(), "welcome.variants[" + i + "].text");
            if ((variant.from() == null) != (variant.to() == null)
                    || (variant.from() != null && !variant.to().isAfter(variant.from()))) {
                throw invalid("A time slot has a start before its end.", "welcome.variants[" + i + "].from");
            }
        }
        int attachments = welcome.attachments().size() + (welcome.benefit() == null ? 0 : 1);
        if (attachments > MAX_ATTACHMENTS) {
            throw invalid(
                    "A welcome message has at most 9 attachments, the benefit link included.", "welcome.attachments");
        }
        for (int i = 0; i < welcome.attachments().size(); i++) {
            checkAttachment(welcome.attachments().get(i), "welcome.attachments[" + i + "]");
        }
        if (welcome.benefit() != null && welcome.benefit().title().isBlank()) {
            throw invalid("The benefit link needs a title.", "welcome.benefit.title");
        }
    }

    private static void checkText(String text, String field) {
        if (text.isBlank()) {
            throw invalid("A welcome text is not empty.", field);
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES - 400) {
            // Variables are filled in later (names, a link of ~150 bytes): keep room for them under WeCom's limit.
            throw invalid("A welcome text has at most 3600 bytes.", field);
        }
    }

    private static void checkAttachment(Attachment attachment, String field) {
        List<String> missing =
                switch (attachment.kind()) {
                    case "image" -> blank(List.of(nullToEmpty(attachment.picUrl())), List.of("picUrl"));
                    case "link" ->
                        blank(
                                List.of(nullToEmpty(attachment.title()), nullToEmpty(attachment.url())),
                                List.of("title", "url"));
                    case "miniprogram" ->
                        blank(
                                List.of(
                                        nullToEmpty(attachment.title()),
                                        nullToEmpty(attachment.appId()),
                                        nullToEmpty(attachment.page()),
                                        nullToEmpty(attachment.picMediaId())),
                                List.of("title", "appId", "page", "picMediaId"));
                    default -> throw invalid("An attachment is an image, a link or a miniprogram.", field + ".kind");
                };
        if (!missing.isEmpty()) {
            throw invalid("This attachment needs " + missing.getFirst() + ".", field + "." + missing.getFirst());
        }
    }

    private static List<String> blank(List<String> values, List<String> names) {
        java.util.ArrayList<String> missing = new java.util.ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).isBlank()) {
                missing.add(names.get(i));
            }
        }
        return missing;
    }

    private static String nullToEmpty(@org.jspecify.annotations.Nullable String value) {
        return value == null ? "" : value;
    }

    private static Problem invalid(String detail, String field) {
        return new Problem(HttpStatus.BAD_REQUEST, "invalid-channel", detail, field);
    }
}
