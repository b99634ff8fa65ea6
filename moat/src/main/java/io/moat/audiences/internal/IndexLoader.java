package io.moat.audiences.internal;

import io.moat.audiences.AudienceCondition.ActivityKind;
import io.moat.audiences.AudienceCondition.Product;
import io.moat.customers.CustomerAttributes;
import io.moat.customers.CustomerAttributes.Attributes;
import io.moat.customers.CustomerAttributes.Relation;
import io.moat.customers.CustomerFieldValues;
import io.moat.customers.CustomerId;
import io.moat.customers.CustomerLookup;
import io.moat.shared.TenantId;
import io.moat.tags.TagHolders;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads customers as the index keeps them: attributes and relations from the customers module, tags from the tags
 * module, groups and activities from this module's own tables. Runs inside the caller's tenant-scoped transaction.
 */
@Component
class IndexLoader {

    static final int PAGE = 5_000;

    private final CustomerAttributes attributes;
    private final TagHolders tags;
    private final CustomerLookup lookup;
    private final CustomerFieldValues fields;
    private final JdbcClient jdbc;

    IndexLoader(
            CustomerAttributes attributes,
            TagHolders tags,
            CustomerLookup lookup,
            CustomerFieldValues fields,
            JdbcClient jdbc) {
        this.attributes = attributes;
        this.tags = tags;
        this.lookup = lookup;
        this.fields = fields;
        this.jdbc = jdbc;
    }

    /** The custom fields' types by key. */
    Map<String, String> fieldTypes(TenantId tenant) {
        return fields.types(tenant);
    }

    /** Every live customer of the workspace, a page at a time. */
    void all(TenantId tenant, Consumer<CustomerEntry> sink) {
        long after = 0;
        while (true) {
            List<Attributes> page = attributes.page(tenant, after, PAGE);
            if (page.isEmpty()) {
                return;
            }
            entries(tenant, page).forEach(sink);
            after = page.getLast().customer().value();
        }
    }

    /** The live ones among {@code customers}; the others are absent. */
    List<CustomerEntry> some(TenantId tenant, Collection<CustomerId> customers) {
        List<CustomerEntry> entries = new ArrayList<>();
        List<CustomerId> ids = List.copyOf(new java.util.LinkedHashSet<>(customers));
        for (int from = 0; from < ids.size(); from += PAGE) {
            entries.addAll(
                    entries(tenant, attributes.of(tenant, ids.subList(from, Math.min(ids.size(), from + PAGE)))));
        }
        return entries;
    }

    private List<CustomerEntry> entries(TenantId tenant, List<Attributes> page) {
        List<CustomerId> ids = page.stream().map(Attributes::customer).toList();
        Map<CustomerId, List<Long>> carried = tags.tagsOf(tenant, ids);
        Long[] raw = ids.stream().map(CustomerId::value).toArray(Long[]::new);
        Map<Long, Set<String>> groups = new HashMap<>();
        jdbc.sql("select customer_id, chat_id from audiences.group_member where tenant_id = ? and customer_id = any(?)")
                .params(tenant.value(), raw)
                .query((row, n) -> groups.computeIfAbsent(row.getLong(1), c -> new HashSet<>())
                        .add(row.getString(2)))
                .list();
        Map<Long, List<CustomerEntry.Activity>> activities = new HashMap<>();
        jdbc.sql("""
                select customer_id, kind, ref, latest_at from audiences.activity
                where tenant_id = ? and customer_id = any(?)
                """)
                .params(tenant.value(), raw)
                .query((row, n) -> activities
                        .computeIfAbsent(row.getLong(1), c -> new ArrayList<>())
                        .add(new CustomerEntry.Activity(
                                kind(row.getString(2)),
                                row.getString(3),
                                row.getObject(4, OffsetDateTime.class)
                                        .toInstant()
                                        .toEpochMilli())))
                .list();
        Map<CustomerId, List<CustomerEntry.Purchase>> bought = new HashMap<>();
        for (CustomerLookup.Facts facts : lookup.facts(tenant, ids)) {
            List<CustomerEntry.Purchase> lines = new ArrayList<>();
            for (CustomerLookup.Bought item : facts.items()) {
                long at = item.paidAt().toEpochMilli();
                if (item.sku() != null) {
                    lines.add(new CustomerEntry.Purchase(Product.SKU, item.sku(), at));
                }
                if (item.category() != null) {
                    lines.add(new CustomerEntry.Purchase(Product.CATEGORY, item.category(), at));
                }
                if (item.role() != null) {
                    lines.add(new CustomerEntry.Purchase(Product.ROLE, item.role(), at));
                }
            }
            bought.put(facts.customer(), lines);
        }
        Map<CustomerId, CustomerLookup.Region> regions = lookup.regions(tenant, ids);
        Map<CustomerId, Map<String, String>> values = new HashMap<>();
        for (CustomerFieldValues.Value value : fields.valuesOf(tenant, ids)) {
            values.computeIfAbsent(value.customer(), c -> new HashMap<>()).put(value.key(), value.value());
        }
        return page.stream()
                .map(a -> entry(
                        a,
                        carried.getOrDefault(a.customer(), List.of()),
                        groups.getOrDefault(a.customer().value(), Set.of()),
                        activities.getOrDefault(a.customer().value(), List.of()),
                        bought.getOrDefault(a.customer(), List.of()),
                        regions.get(a.customer()),
                        values.getOrDefault(a.customer(), Map.of())))
                .toList();
    }

    static CustomerEntry entry(
            Attributes a,
            List<Long> tagIds,
            Set<String> groups,
            List<CustomerEntry.Activity> activities,
            List<CustomerEntry.Purchase> bought,
            CustomerLookup.@Nullable Region region,
            Map<String, String> fields) {
        List<Relation> relations = a.relations(); // in the order they began
        Set<String> channels = new TreeSet<>();
        Set<String> staff = new TreeSet<>();
        for (Relation relation : relations) {
            if (relation.state() != null) {
                channels.add(relation.state());
            }
            if (relation.active()) {
                staff.add(relation.staff());
            }
        }
        return new CustomerEntry(
                a.customer().value(),
                a.number(),
                gender(a.gender()),
                a.stage(),
                a.loyalty(),
                a.rfmSegment(),
                score(a.recency()),
                score(a.frequency()),
                score(a.monetary()),
                a.orders(),
                a.netSpendFen(),
                millis(a.lastOrderAt()),
                millis(a.firstAddedAt()),
                a.optedOutAt() != null,
                tagIds,
                channels,
                relations.isEmpty() ? null : relations.getFirst().state(),
                relations.isEmpty() ? null : relations.getLast().state(),
                staff,
                groups,
                activities,
                bought,
                region == null ? null : region.province(),
                region == null ? null : region.city(),
                fields);
    }

    static String gender(int wecom) {
        return switch (wecom) {
            case 1 -> "male";
            case 2 -> "female";
            default -> "unknown";
        };
    }

    private static int score(@Nullable Integer score) {
        return score == null ? 0 : score;
    }

    private static long millis(@Nullable Instant at) {
        return at == null ? CustomerEntry.NONE : at.toEpochMilli();
    }

    private static ActivityKind kind(String code) {
        for (ActivityKind kind : ActivityKind.values()) {
            if (kind.code().equals(code)) {
                return kind;
            }
        }
        throw new IllegalStateException("unknown activity kind " + code);
    }
}
