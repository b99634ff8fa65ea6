package io.moat.audiences;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import java.util.List;
import java.util.Map;

/** Who an audience preview finds for "did {@code kind} for {@code ref} within a day": the acts other modules report. */
public final class ActivityPreview {

    private ActivityPreview() {}

    public static Map<String, Object> condition(String kind, String ref) {
        return Map.of("v", 1, "activity", Map.of("kind", kind, "ref", ref, "withinDays", 1));
    }

    /** The sampled members' ids (the preview samples up to 20, enough for these fixtures). */
    public static List<Long> whoDid(Api api, String token, String slug, String kind, String ref) {
        var preview = api.post(
                "/api/v1/workspaces/" + slug + "/audiences/preview", token, Map.of("condition", condition(kind, ref)));
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        return preview.body()
                .path("sample")
                .valueStream()
                .map(member -> member.path("id").asLong())
                .toList();
    }
}
