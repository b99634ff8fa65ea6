package io.moat.tags.web;

import io.moat.shared.Problem;
import io.moat.tags.internal.TagKind;
import io.moat.tags.rules.Condition;
import io.moat.tags.rules.ConditionJson;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/** What the tag endpoints take. Names are at most 30 characters, WeCom's limit for corp tags and groups. */
final class TagRequests {

    static final int MAX_NAME = 30;

    private TagRequests() {}

    record CreateGroupRequest(
            @NotBlank @Size(max = MAX_NAME) String name,
            @Nullable String kind,
            @Nullable Boolean wecom,
            @Nullable @Size(max = 100) List<@NotBlank @Size(max = MAX_NAME) String> tags) {

        TagKind parsedKind() {
            if (kind == null) {
                return TagKind.MANUAL;
            }
            return TagKind.ofCode(kind)
                    .orElseThrow(() -> new Problem(
                            HttpStatus.BAD_REQUEST,
                            "invalid-kind",
                            "kind must be one of manual, channel, rule, survey, system.",
                            "kind"));
        }

        List<String> tagNames() {
            List<String> names =
                    tags == null ? List.of() : tags.stream().map(String::strip).toList();
            if (names.stream().distinct().count() < names.size()) {
                throw new Problem(HttpStatus.BAD_REQUEST, "duplicate-tag", "A tag name is given twice.", "tags");
            }
            return names;
        }
    }

    record RenameGroupRequest(
            @NotBlank @Size(max = MAX_NAME) String name) {}

    record CreateTagRequest(
            @NotBlank @Size(max = MAX_NAME) String name,
            @Nullable JsonNode condition) {}

    record ChangeTagRequest(
            @Nullable @Size(min = 1, max = MAX_NAME) String name,
            @Nullable JsonNode condition) {

        @Nullable
        String strippedName() {
            if (name != null && name.isBlank()) {
                throw new Problem(HttpStatus.BAD_REQUEST, "invalid-request", "name must not be blank.", "name");
            }
            return name == null ? null : name.strip();
        }
    }

    record AssignTagsRequest(
            @Nullable @Size(max = 100) List<@NotNull Long> add,
            @Nullable @Size(max = 100) List<@NotNull Long> remove) {}

    /**
     * Bulk tagging of the customers picked one by one ({@code customerIds}) or of every customer the list's filter
     * matches ({@code filter}, the list's own query parameters), exactly one of the two.
     */
    record BulkTagRequest(
            @Nullable @Size(max = 10_000) List<@NotNull Long> customerIds,
            @Nullable @Valid ListFilter filter,
            @Nullable @Size(max = 100) List<@NotNull Long> add,
            @Nullable @Size(max = 100) List<@NotNull Long> remove) {

        void check() {
            if (filter != null && customerIds != null && !customerIds.isEmpty()) {
                throw new Problem(
                        HttpStatus.BAD_REQUEST,
                        "invalid-request",
                        "Give either customerIds or filter, not both.",
                        "filter");
            }
            if (filter == null && (customerIds == null || customerIds.isEmpty())) {
                throw new Problem(
                        HttpStatus.BAD_REQUEST,
                        "invalid-request",
                        "customerIds must not be empty (or give a filter).",
                        "customerIds");
            }
        }
    }

    /** The customer list's filter, as its query parameters name it. */
    record ListFilter(
            @Nullable @Size(max = 200) String q,
            @Nullable @Size(max = 64) String staff,
            @Nullable @Size(max = 20) String stage,
            @Nullable @Size(max = 40) String field,
            @Nullable @Size(max = 500) String fieldValue) {}

    record MapChannelRequest(@NotNull @Size(max = 100) List<@NotNull Long> tagIds) {}

    static @Nullable Condition condition(@Nullable JsonNode json) {
        return json == null || json.isNull() || json.isMissingNode() ? null : ConditionJson.read(json, "condition");
    }

    static List<Long> orEmpty(@Nullable List<Long> ids) {
        return ids == null ? List.of() : ids;
    }
}
