package io.moat.tags.web;

import io.moat.tags.internal.Assignments.Assigned;
import io.moat.tags.internal.TagQueries.GroupSummary;
import io.moat.tags.internal.TagQueries.TagSummary;
import io.moat.tags.internal.Tagging.Result;
import io.moat.tags.rules.ConditionJson;
import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** What the tag endpoints answer. */
final class TagResponses {

    private TagResponses() {}

    record LibraryResponse(List<GroupResponse> groups) {}

    record GroupResponse(
            long id,
            String name,
            String kind,
            boolean wecom,
            @Nullable String wecomGroupId,
            List<TagResponse> tags) {

        static GroupResponse of(GroupSummary summary) {
            var group = summary.group();
            return new GroupResponse(
                    group.id(),
                    group.name(),
                    group.kind().code(),
                    group.wecomSync(),
                    group.wecomGroupId(),
                    summary.tags().stream().map(TagResponse::of).toList());
        }
    }

    record TagResponse(
            long id,
            long groupId,
            String name,
            @Nullable String wecomTagId,
            long customers,
            @Nullable JsonNode condition) {

        static TagResponse of(TagSummary summary) {
            var tag = summary.tag();
            return new TagResponse(
                    tag.id(),
                    tag.groupId(),
                    tag.name(),
                    tag.wecomTagId(),
                    summary.customers(),
                    summary.condition() == null ? null : ConditionJson.write(summary.condition()));
        }
    }

    record CustomerTagResponse(
            long tagId,
            String name,
            long groupId,
            String groupName,
            String kind,
            String source,
            String assignedBy,
            OffsetDateTime assignedAt) {

        static CustomerTagResponse of(Assigned assigned) {
            return new CustomerTagResponse(
                    assigned.tagId(),
                    assigned.name(),
                    assigned.groupId(),
                    assigned.groupName(),
                    assigned.kind(),
                    assigned.source(),
                    assigned.assignedBy(),
                    assigned.assignedAt());
        }
    }

    record CustomerTagsResponse(List<CustomerTagResponse> tags) {}

    record ResultResponse(
            long customerId,
            @Nullable String staffUserId,
            String outcome,
            @Nullable String reason) {

        static ResultResponse of(Result result) {
            return new ResultResponse(
                    result.customer().value(),
                    result.staffUserId(),
                    result.outcome().code(),
                    result.reason());
        }
    }

    record TaggingResponse(String outcome, List<ResultResponse> results, List<CustomerTagResponse> tags) {}
}
