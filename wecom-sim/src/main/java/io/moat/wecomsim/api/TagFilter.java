package io.moat.wecomsim.api;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * tag_filter of add_msg_template: {@code group_list[].tag_list[]}. A relation passes when, for every group, it
 * carries at least one of that group's tags (OR within a group, AND across groups). No groups means no filter.
 */
record TagFilter(List<List<String>> groups) {

    static TagFilter read(JsonNode body) {
        JsonNode filter = body.path("tag_filter");
        if (filter.isMissingNode() || filter.isNull()) {
            return new TagFilter(List.of());
        }
        JsonNode list = filter.path("group_list");
        if (!filter.isObject() || (!list.isMissingNode() && !list.isArray())) {
            throw ApiError.invalid("tag_filter.group_list must be an array");
        }
        List<List<String>> groups = new ArrayList<>();
        for (JsonNode group : list) {
            List<String> tags = ApiRequest.texts(group, "tag_list");
            if (!tags.isEmpty()) {
                groups.add(tags);
            }
        }
        return new TagFilter(List.copyOf(groups));
    }

    boolean matches(List<String> tagIds) {
        return groups.stream().allMatch(group -> group.stream().anyMatch(tagIds::contains));
    }
}
