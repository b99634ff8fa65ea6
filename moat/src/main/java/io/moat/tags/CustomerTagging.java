package io.moat.tags;

import io.moat.customers.CustomerId;
import io.moat.shared.TenantId;
import io.moat.tags.internal.AssignmentSource;
import io.moat.tags.internal.TagChanges;
import io.moat.tags.internal.Tagging;
import io.moat.tags.internal.Tagging.Marked;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Adding and removing tags on one customer for other modules (a journey's tag step), the way the console does it:
 * synced tags are marked in WeCom ({@code mark_tag}) on each of the customer's active staff relations first, then
 * the assignments follow what WeCom took. Joins the caller's transaction (the assignments commit with the caller's
 * work; a repeat after a rollback marks again, which WeCom takes as a no-op). Call in the workspace's scope.
 */
@Service
public class CustomerTagging {

    private final TagChanges changes;
    private final Tagging tagging;

    CustomerTagging(TagChanges changes, Tagging tagging) {
        this.changes = changes;
        this.tagging = tagging;
    }

    /** How a change went: {@code ok}, {@code failed} (WeCom refused on some relation) or {@code skipped}. */
    public record Outcome(String outcome, @Nullable String reason) {}

    /**
     * Adds and removes the given tags (live, not rule tags; otherwise a problem naming {@code add} or {@code
     * remove}); {@code by} is recorded as who assigned them.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Outcome change(TenantId tenant, CustomerId customer, List<Long> add, List<Long> remove, String by) {
        var change = changes.resolve(tenant, add, remove);
        Marked marked = tagging.mark(tenant, customer, change);
        tagging.apply(tenant, marked, AssignmentSource.SYSTEM, by);
        String reasons = marked.results().stream()
                .map(Tagging.Result::reason)
                .filter(Objects::nonNull)
                .distinct()
                .collect(Collectors.joining("; "));
        return new Outcome(marked.outcome().code(), reasons.isEmpty() ? null : reasons);
    }
}
