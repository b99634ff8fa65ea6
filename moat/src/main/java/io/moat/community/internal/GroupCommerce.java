package io.moat.community.internal;

import io.moat.customers.CustomerId;
import io.moat.customers.CustomerSpending;
import io.moat.shared.TenantId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a group's members bought while they were in it, and who they are (docs/metrics.md, "Community"): an order
 * counts for a group when its buyer was a member of the group at the moment it was paid. Orders and loyalty types
 * come from the customers module; membership from the registry's log.
 */
@Component
@Transactional(readOnly = true)
public class GroupCommerce {

    private final JdbcClient jdbc;
    private final CustomerSpending spending;

    GroupCommerce(JdbcClient jdbc, CustomerSpending spending) {
        this.jdbc = jdbc;
        this.spending = spending;
    }

    /** A group's member purchases over a period; money in fen. */
    public record Figures(long members, long buyers, long gmvFen, long costFen, Map<String, Long> loyaltyMix) {

        /** buyers / members (at the end). */
        public @Nullable Double conversion() {
            return GroupFigures.ratio(buyers, members);
        }

        /** member GMV / buyers, rounded half up to the fen. */
        public @Nullable Long aovFen() {
            return buyers == 0 ? null : (gmvFen + buyers / 2) / buyers;
        }

        /** member GMV / the group's recorded cost. */
        public @Nullable Double roi() {
            return costFen == 0 ? null : (double) gmvFen / costFen;
        }

        /** loyal members / members with a profile. */
        public @Nullable Double loyalShare() {
            long profiled = loyaltyMix.entrySet().stream()
                    .filter(e -> !e.getKey().equals("no_profile"))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            return GroupFigures.ratio(loyaltyMix.getOrDefault("loyal", 0L), profiled);
        }
    }

    private record Stint(
            String member, Instant from, @Nullable Instant to) {
        boolean covers(Instant at) {
            return !at.isBefore(from) && (to == null || at.isBefore(to));
        }
    }

    public Figures of(TenantId tenant, String chatId, LocalDate from, LocalDate to, ZoneId zone) {
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        List<Stint> stints = stints(tenant, chatId, end);
        Set<String> atEnd = new HashSet<>();
        Set<String> everyone = new HashSet<>();
        for (Stint stint : stints) {
            everyone.add(stint.member());
            if (stint.to() == null) {
                atEnd.add(stint.member());
            }
        }
        Set<CustomerId> buyers = new HashSet<>();
        long gmv = 0;
        for (var order : spending.countingOrders(tenant, everyone, start, end)) {
            boolean member = stints.stream()
                    .anyMatch(s -> s.member().equals(order.externalUserId()) && s.covers(order.paidAt()));
            if (member) {
                buyers.add(order.customer());
                gmv += order.netFen();
            }
        }
        Map<String, Long> mix = new TreeMap<>();
        var types = spending.loyaltyTypes(tenant, atEnd);
        for (String member : atEnd) {
            mix.merge(types.getOrDefault(member, "no_profile"), 1L, Long::sum);
        }
        long cost = jdbc.sql("select cost_fen from community.group_profile where tenant_id = ? and chat_id = ?")
                .params(tenant.value(), chatId)
                .query(Long.class)
                .optional()
                .orElse(0L);
        return new Figures(atEnd.size(), buyers.size(), gmv, cost, new LinkedHashMap<>(mix));
    }

    /** Each customer's spells in the group up to {@code end}: from a join to the next quit (open if none yet). */
    private List<Stint> stints(TenantId tenant, String chatId, Instant end) {
        List<Stint> stints = new ArrayList<>();
        Map<String, Instant> open = new LinkedHashMap<>();
        jdbc.sql("""
                        select member_id, kind, at from community.membership_event
                        where tenant_id = ? and chat_id = ? and not staff and at < ?
                        order by member_id, at, kind desc
                        """)
                .params(tenant.value(), chatId, GroupRegistry.at(end))
                .query((rs, row) -> {
                    String member = rs.getString(1);
                    Instant at = rs.getTimestamp(3).toInstant();
                    if (rs.getString(2).equals("join")) {
                        open.putIfAbsent(member, at);
                    } else if (open.containsKey(member)) {
                        stints.add(new Stint(member, open.remove(member), at));
                    }
                    return null;
                })
                .list();
        open.forEach((member, at) -> stints.add(new Stint(member, at, null)));
        return stints;
    }
}
