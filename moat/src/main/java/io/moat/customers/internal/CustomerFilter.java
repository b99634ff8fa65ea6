package io.moat.customers.internal;

import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which customers a list or an export shows: a name substring, a staff member with an active relation, a
 * lifecycle stage, a custom field's value. Absent parts do not filter.
 */
public record CustomerFilter(
        @Nullable String query,
        @Nullable String staff,
        @Nullable String stage,
        @Nullable FieldMatch field) {

    /** A custom field (by id) holding exactly this stored value ({@link CustomFields#match}). */
    public record FieldMatch(long fieldId, String value) {}

    public CustomerFilter(@Nullable String query, @Nullable String staff, @Nullable String stage) {
        this(query, staff, stage, null);
    }

    static final Set<String> STAGES =
            Set.of("prospect", "new_fan", "first_order", "repeat_buyer", "active", "dormant", "lost");

    public CustomerFilter {
        query = blankToNull(query);
        staff = blankToNull(staff);
        stage = blankToNull(stage) == null ? null : stage.strip().toLowerCase(Locale.ROOT);
        if (stage != null && !STAGES.contains(stage)) {
            throw new io.moat.shared.Problem(
                    org.springframework.http.HttpStatus.BAD_REQUEST,
                    "invalid-parameter",
                    "stage must be one of "
                            + String.join(", ", STAGES.stream().sorted().toList()) + ".",
                    "stage");
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
