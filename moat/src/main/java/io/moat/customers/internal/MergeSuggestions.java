package io.moat.customers.internal;

import io.moat.shared.Problem;
import io.moat.workspace.AuditLog;
import io.moat.workspace.CurrentWorkspace;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Probable duplicates for a person to decide on: two profiles sharing a nickname, say. Accepting merges them (the
 * older profile survives, as with automatic merges); dismissing keeps them apart for good. Both are audited.
 */
@Service
@Transactional
public class MergeSuggestions {

    // Open suggestions whose two profiles still exist on their own.
    private static final String OPEN = """
            select s.id, s.customer_id, a.display_name as customer_name, s.candidate_id,
                   b.display_name as candidate_name, s.reason, s.created_at
            from customers.merge_suggestion s
            join customers.customer a on a.tenant_id = s.tenant_id and a.id = s.customer_id
            join customers.customer b on b.tenant_id = s.tenant_id and b.id = s.candidate_id
            where s.tenant_id = ? and s.resolved_at is null and a.merged_into is null and b.merged_into is null
            """;

    private final JdbcClient jdbc;
    private final Profiles profiles;
    private final AuditLog audit;
    private final Clock clock;

    MergeSuggestions(JdbcClient jdbc, Profiles profiles, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.profiles = profiles;
        this.audit = audit;
        this.clock = clock;
    }

    public record Suggestion(
            long id,
            long customerId,
            String customerName,
            long candidateId,
            String candidateName,
            String reason,
            OffsetDateTime createdAt) {}

    public List<Suggestion> open(CurrentWorkspace workspace, int limit) {
        return jdbc.sql(OPEN + " order by s.id desc limit ?")
                .params(workspace.tenant().value(), limit)
                .query(Suggestion.class)
                .list();
    }

    public void accept(CurrentWorkspace workspace, long suggestionId) {
        Suggestion suggestion = find(workspace, suggestionId);
        resolve(workspace, suggestionId);
        profiles.merge(
                workspace.tenant(),
                Math.min(suggestion.customerId(), suggestion.candidateId()),
                Math.max(suggestion.customerId(), suggestion.candidateId()),
                "suggestion accepted: " + suggestion.reason(),
                clock.instant());
    }

    public void dismiss(CurrentWorkspace workspace, long suggestionId) {
        Suggestion suggestion = find(workspace, suggestionId);
        resolve(workspace, suggestionId);
        audit.record(
                "customer.merge_dismissed",
                "customer:" + suggestion.customerId(),
                Map.of("candidate", suggestion.candidateId(), "reason", suggestion.reason()));
    }

    private Suggestion find(CurrentWorkspace workspace, long id) {
        return jdbc.sql(OPEN + " and s.id = ?")
                .params(workspace.tenant().value(), id)
                .query(Suggestion.class)
                .optional()
                .orElseThrow(() -> new Problem(
                        HttpStatus.NOT_FOUND, "suggestion-not-found", "No open merge suggestion " + id + ".", "id"));
    }

    private void resolve(CurrentWorkspace workspace, long id) {
        jdbc.sql("update customers.merge_suggestion set resolved_at = ? where tenant_id = ? and id = ?")
                .params(
                        clock.instant().atOffset(ZoneOffset.UTC),
                        workspace.tenant().value(),
                        id)
                .update();
    }
}
