package io.moat.tags.internal;

import io.moat.customers.CustomerId;
import io.moat.customers.CustomerLookup;
import io.moat.customers.CustomerLookup.Facts;
import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.tags.rules.Condition;
import io.moat.tags.rules.ConditionJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rule tags: each carries a condition, and exactly the customers who meet it carry the tag (source {@code rule}).
 * A full evaluation pages through the workspace by key, one transaction per page; a partial one looks only at the
 * customers that changed. Both are idempotent. Call in the workspace's scope.
 */
@Component
public class RuleTags {

    static final int PAGE = 1_000;
    /** Changes are looked for this far before the last evaluation, so one committed late is not missed. */
    static final Duration OVERLAP = Duration.ofMinutes(5);

    private final JdbcClient jdbc;
    private final CustomerLookup customers;
    private final Assignments assignments;
    private final TransactionTemplate transactions;
    private final Clock clock;

    RuleTags(
            JdbcClient jdbc,
            CustomerLookup customers,
            Assignments assignments,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.jdbc = jdbc;
        this.customers = customers;
        this.assignments = assignments;
        this.transactions = new TransactionTemplate(transactions);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    public record Rule(
            long tagId, Condition condition, @Nullable Instant lastEvaluatedAt) {}

    /** How a full evaluation went: customers meeting the condition, and the assignments it added and removed. */
    public record Evaluation(long matched, long added, long removed) {}

    /** Sets a rule tag's condition (in the caller's transaction); it is evaluated afresh by the next sweep. */
    void define(TenantId tenant, long tagId, Condition condition) {
        jdbc.sql("""
                insert into tags.rule (tenant_id, tag_id, condition) values (?, ?, cast(? as jsonb))
                on conflict (tenant_id, tag_id) do update set condition = excluded.condition, last_evaluated_at = null
                """)
                .params(tenant.value(), tagId, ConditionJson.text(condition))
                .update();
    }

    public List<Rule> rules(TenantId tenant) {
        return Objects.requireNonNull(transactions.execute(status -> jdbc.sql("""
                        select r.tag_id, r.condition::text, r.last_evaluated_at from tags.rule r
                        join tags.tag t on t.tenant_id = r.tenant_id and t.id = r.tag_id
                        where r.tenant_id = ? and t.deleted_at is null order by r.tag_id
                        """)
                .param(tenant.value())
                .query((row, n) -> new Rule(
                        row.getLong(1),
                        ConditionJson.parse(row.getString(2)),
                        instant(row.getObject(3, OffsetDateTime.class))))
                .list()));
    }

    public Optional<Rule> rule(TenantId tenant, long tagId) {
        return rules(tenant).stream().filter(rule -> rule.tagId() == tagId).findFirst();
    }

    /** Evaluates a rule tag now, over every customer of the workspace. */
    public Evaluation evaluate(TenantId tenant, long tagId) {
        Rule rule = rule(tenant, tagId)
                .orElseThrow(() -> new Problem(
                        HttpStatus.NOT_FOUND, "rule-tag-not-found", "Tag " + tagId + " is no rule tag.", "id"));
        return evaluate(tenant, rule);
    }

    /** Evaluates one rule over every customer of the workspace. */
    public Evaluation evaluate(TenantId tenant, Rule rule) {
        Instant now = clock.instant();
        long after = 0;
        long matched = 0;
        long added = 0;
        long removed = 0;
        while (true) {
            long from = after;
            long[] page = Objects.requireNonNull(transactions.execute(status -> {
                List<Facts> facts = customers.facts(tenant, from, PAGE);
                long[] counts = apply(tenant, List.of(rule), facts, now);
                return new long[] {
                    facts.size(),
                    facts.isEmpty() ? from : facts.getLast().customer().value(),
                    counts[0],
                    counts[1],
                    counts[2]
                };
            }));
            matched += page[2];
            added += page[3];
            removed += page[4];
            if (page[0] < PAGE) {
                break;
            }
            after = page[1];
        }
        evaluated(tenant, List.of(rule), now);
        return new Evaluation(matched, added, removed);
    }

    /** Evaluates every rule of the workspace for some customers, e.g. those whose orders changed. */
    public void evaluateFor(TenantId tenant, List<Rule> rules, Collection<CustomerId> changed) {
        if (rules.isEmpty() || changed.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<CustomerId> all = List.copyOf(changed);
        for (int start = 0; start < all.size(); start += PAGE) {
            var slice = all.subList(start, Math.min(all.size(), start + PAGE));
            transactions.executeWithoutResult(status -> apply(tenant, rules, customers.facts(tenant, slice), now));
        }
    }

    /** Brings each rule up to date: a new or changed rule in full, the others for the customers changed since. */
    public void sweep(TenantId tenant) {
        List<Rule> rules = rules(tenant);
        List<Rule> current = new ArrayList<>();
        for (Rule rule : rules) {
            if (rule.lastEvaluatedAt() == null) {
                evaluate(tenant, rule);
            } else {
                current.add(rule);
            }
        }
        if (current.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Instant since = current.stream()
                .map(Rule::lastEvaluatedAt)
                .filter(Objects::nonNull)
                .min(Instant::compareTo)
                .orElse(now)
                .minus(OVERLAP);
        List<CustomerId> changed =
                Objects.requireNonNull(transactions.execute(status -> customers.changedSince(tenant, since)));
        evaluateFor(tenant, current, changed);
        evaluated(tenant, current, now);
    }

    private long[] apply(TenantId tenant, List<Rule> rules, List<Facts> facts, Instant now) {
        long matched = 0;
        long added = 0;
        long removed = 0;
        for (Rule rule : rules) {
            List<Long> meets = new ArrayList<>();
            List<Long> fails = new ArrayList<>();
            for (Facts customer : facts) {
                (rule.condition().holdsFor(customer, now) ? meets : fails)
                        .add(customer.customer().value());
            }
            matched += meets.size();
            added += assignments.addToAll(tenant, rule.tagId(), meets, AssignmentSource.RULE, "rule", now);
            removed += assignments.removeFromAll(tenant, rule.tagId(), fails);
        }
        return new long[] {matched, added, removed};
    }

    /** Stamps the rules evaluated, unless a rule's condition changed meanwhile (it is then evaluated afresh). */
    private void evaluated(TenantId tenant, List<Rule> rules, Instant at) {
        transactions.executeWithoutResult(status -> rules.forEach(rule -> jdbc.sql("""
                        update tags.rule set last_evaluated_at = ?
                        where tenant_id = ? and tag_id = ? and condition = cast(? as jsonb)
                        """)
                .params(at.atOffset(ZoneOffset.UTC), tenant.value(), rule.tagId(), ConditionJson.text(rule.condition()))
                .update()));
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
