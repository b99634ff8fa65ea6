package io.moat.tags.internal;

import io.moat.customers.CustomerId;
import io.moat.customers.CustomerLookup;
import io.moat.customers.CustomerLookup.Reach;
import io.moat.shared.TenantId;
import io.moat.tags.internal.TagLibrary.TagRef;
import io.moat.wecom.WecomTags;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Adds and removes tags on one customer. WeCom tags live on each staff relation, so a synced tag is marked
 * ({@code mark_tag}) on every active relation first, outside any transaction; then the local assignments follow
 * what WeCom took: a synced tag is added when at least one relation took it and removed when every relation
 * dropped it (or there is none). Local-only tags just change. Marking is idempotent in WeCom, so a repeat is safe.
 */
@Component
public class Tagging {

    /**
     * Why a customer was skipped, as the stable code a result's {@code reason} carries (the console words it in the
     * user's language; clients may branch on it).
     */
    public enum SkipReason {
        /** A WeCom tag was to change but the customer has no active staff relation to mark it on. */
        NO_RELATION,
        /** The customer does not exist (any more) in this workspace. */
        NO_CUSTOMER;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final WecomTags wecom;
    private final Assignments assignments;
    private final CustomerLookup customers;
    private final Clock clock;

    Tagging(WecomTags wecom, Assignments assignments, CustomerLookup customers, Clock clock) {
        this.wecom = wecom;
        this.assignments = assignments;
        this.customers = customers;
        this.clock = clock;
    }

    public enum Outcome {
        OK,
        FAILED,
        SKIPPED;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Tags to add and to remove, live and checked. */
    public record Change(List<TagRef> add, List<TagRef> remove) {}

    /**
     * What happened on one relation; {@code staffUserId} is null when no WeCom call was due or possible. A skipped
     * result's {@code reason} is a {@link SkipReason} code; a failed one's is WeCom's message, with {@code errcode}
     * WeCom's code when it refused.
     */
    public record Result(
            CustomerId customer,
            @Nullable String staffUserId,
            Outcome outcome,
            @Nullable String reason,
            @Nullable Integer errcode) {

        Result(CustomerId customer, @Nullable String staffUserId, Outcome outcome, @Nullable String reason) {
            this(customer, staffUserId, outcome, reason, null);
        }
    }

    /** WeCom's part done for one customer, and what the local assignments must now do. */
    public record Marked(CustomerId customer, List<Result> results, List<Long> add, List<Long> remove) {

        /** Skipped, failed if any relation failed, else ok. */
        public Outcome outcome() {
            if (results.stream().anyMatch(r -> r.outcome() == Outcome.SKIPPED)) {
                return Outcome.SKIPPED;
            }
            return results.stream().anyMatch(r -> r.outcome() == Outcome.FAILED) ? Outcome.FAILED : Outcome.OK;
        }
    }

    /** Marks the synced tags in WeCom; call outside a transaction, in the workspace's scope. */
    public Marked mark(TenantId tenant, CustomerId customer, Change change) {
        Reach reach = customers.reach(tenant, List.of(customer)).get(customer);
        List<Long> add = ids(change.add(), false);
        List<Long> remove = ids(change.remove(), false);
        List<String> wecomAdd = wecomIds(change.add());
        List<String> wecomRemove = wecomIds(change.remove());
        if (reach == null) {
            return new Marked(
                    customer,
                    List.of(new Result(customer, null, Outcome.SKIPPED, SkipReason.NO_CUSTOMER.code())),
                    List.of(),
                    List.of());
        }
        if (wecomAdd.isEmpty() && wecomRemove.isEmpty()) {
            return new Marked(customer, List.of(new Result(customer, null, Outcome.OK, null)), add, remove);
        }
        if (reach.externalUserId() == null || reach.activeStaff().isEmpty()) {
            remove.addAll(ids(change.remove(), true));
            return new Marked(
                    customer,
                    List.of(new Result(customer, null, Outcome.SKIPPED, SkipReason.NO_RELATION.code())),
                    add,
                    remove);
        }
        List<Result> results = new ArrayList<>();
        for (String staff : reach.activeStaff()) {
            results.add(markOne(tenant, customer, staff, reach.externalUserId(), wecomAdd, wecomRemove));
        }
        if (results.stream().anyMatch(r -> r.outcome() == Outcome.OK)) {
            add.addAll(ids(change.add(), true));
        }
        if (results.stream().allMatch(r -> r.outcome() == Outcome.OK)) {
            remove.addAll(ids(change.remove(), true));
        }
        return new Marked(customer, results, add, remove);
    }

    /** Applies the local part; call in a transaction. */
    public void apply(TenantId tenant, Marked marked, AssignmentSource source, String by) {
        Instant at = clock.instant();
        if (!marked.add().isEmpty()) {
            assignments.add(tenant, marked.customer().value(), marked.add(), source, by, at);
        }
        if (!marked.remove().isEmpty()) {
            assignments.remove(tenant, marked.customer().value(), marked.remove());
        }
    }

    private Result markOne(
            TenantId tenant,
            CustomerId customer,
            String staff,
            String externalUserId,
            List<String> add,
            List<String> remove) {
        try {
            wecom.mark(tenant, staff, externalUserId, add, remove);
            return new Result(customer, staff, Outcome.OK, null);
        } catch (WecomTags.Refused e) {
            return new Result(customer, staff, Outcome.FAILED, String.valueOf(e.getMessage()), e.errcode());
        } catch (RuntimeException e) {
            return new Result(customer, staff, Outcome.FAILED, String.valueOf(e.getMessage()));
        }
    }

    private static List<Long> ids(List<TagRef> tags, boolean synced) {
        return new ArrayList<>(
                tags.stream().filter(t -> t.synced() == synced).map(TagRef::id).toList());
    }

    private static List<String> wecomIds(List<TagRef> tags) {
        return tags.stream().filter(TagRef::synced).map(TagRef::wecomTagId).toList();
    }
}
