package io.moat.audiences;

import io.moat.audiences.internal.AudienceQueries;
import io.moat.audiences.internal.ConditionJson;
import io.moat.audiences.internal.SegmentRefresh;
import io.moat.customers.CustomerId;
import io.moat.shared.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * The audiences API: read a condition from its JSON form, and ask which customers of a workspace meet it — one
 * customer (with the reasons), how many, or all of them page by page. Answers come from the workspace's in-memory
 * bitmap index, which follows customers, values and tags as they change (after their transactions commit), so a
 * change is visible here once its owner's event has been handled. Unknown tag, staff or group ids simply match
 * nobody.
 */
@Service
public class Audiences {

    private final AudienceQueries queries;
    private final SegmentRefresh segments;

    Audiences(AudienceQueries queries, SegmentRefresh segments) {
        this.queries = queries;
        this.segments = segments;
    }

    /**
     * Reads the JSON form ({@code {"v":1,"all":[…]}}, docs/audiences.md). A bad node is a 400 problem {@code
     * invalid-audience-condition} whose field is the node's path, e.g. {@code condition.all[1].lastOrder.withinDays}.
     */
    public AudienceCondition parse(String json) {
        return ConditionJson.parse(json, "condition");
    }

    public AudienceCondition parse(JsonNode json) {
        return ConditionJson.read(json, "condition");
    }

    /** Like {@link #parse(JsonNode)}, naming paths from {@code field} (the request's property). */
    public AudienceCondition parse(JsonNode json, String field) {
        return ConditionJson.read(json, field);
    }

    /** The JSON form, as {@link #parse(String)} reads it back. */
    public String json(AudienceCondition condition) {
        return ConditionJson.text(condition);
    }

    public boolean matches(TenantId tenant, CustomerId customer, AudienceCondition condition) {
        return explain(tenant, customer, condition).member();
    }

    public long count(TenantId tenant, AudienceCondition condition) {
        return queries.count(tenant, condition);
    }

    /** Whether the customer is in and why; a customer the workspace does not have (or merged away) is a 404 problem. */
    public Explanation explain(TenantId tenant, CustomerId customer, AudienceCondition condition) {
        return queries.explain(tenant, customer, condition);
    }

    /** Members after {@code after} (null: from the start), at most {@code limit} (1–1000). */
    public MemberPage members(TenantId tenant, AudienceCondition condition, @Nullable CustomerId after, int limit) {
        return queries.members(tenant, condition, after, limit);
    }

    /**
     * Who entered and who left a saved segment in the refresh a {@link SegmentChanged} announced; empty once the
     * change is older than 30 days (or unknown). Call in the workspace's scope, inside a transaction.
     */
    public java.util.Optional<SegmentChange> change(TenantId tenant, long changeId) {
        return segments.change(tenant, changeId);
    }
}
