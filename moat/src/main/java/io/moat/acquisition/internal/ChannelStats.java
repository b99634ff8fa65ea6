package io.moat.acquisition.internal;

import io.moat.customers.CustomerLookup;
import io.moat.shared.TenantId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The channel figures of docs/metrics.md ("Acquisition"), for days {@code from} inclusive to {@code to} exclusive in
 * the workspace's zone: per day and staff member, and in total. Call in the workspace's scope.
 */
@Component
@Transactional(readOnly = true)
public class ChannelStats {

    private final JdbcClient jdbc;
    private final CustomerLookup customers;

    ChannelStats(JdbcClient jdbc, CustomerLookup customers) {
        this.jdbc = jdbc;
        this.customers = customers;
    }

    /** One day and staff member ({@code staffUserId} null: visits when nobody was available). */
    public record Row(
            LocalDate day,
            @Nullable String staffUserId,
            long scans,
            long adds,
            long deletions,
            long deletions7,
            long deletions30) {}

    /** Totals of the period. Money in fen; rates between 0 and 1 (null when the denominator is 0). */
    public record Totals(
            long scans,
            long adds,
            @Nullable Double joinRate,
            long deletions,
            long deletions7,
            long deletions30,
            long netAdds,
            long costFen,
            @Nullable Long costPerAddFen,
            long gmvFen,
            long buyers,
            @Nullable Double roi) {}

    public record Stats(long channelId, LocalDate from, LocalDate to, Totals totals, List<Row> rows) {}

    public Stats of(TenantId tenant, long channel, LocalDate from, LocalDate to) {
        Map<String, long[]> cells = new TreeMap<>();
        jdbc.sql("""
                select day, staff_user_id, count(*) from acquisition.visit
                where tenant_id = ? and channel_id = ? and day >= ? and day < ?
                group by day, staff_user_id
                """)
                .params(tenant.value(), channel, from, to)
                .query((row, n) -> cells.computeIfAbsent(
                                        key(row.getObject(1, LocalDate.class), row.getString(2)), k -> new long[5])[0] =
                        row.getLong(3))
                .list();
        jdbc.sql("""
                select day, staff_user_id, count(*),
                       count(*) filter (where removed_at is not null),
                       count(*) filter (where removed_at <= added_at + interval '7 days'),
                       count(*) filter (where removed_at <= added_at + interval '30 days')
                from acquisition.arrival
                where tenant_id = ? and channel_id = ? and day >= ? and day < ?
                group by day, staff_user_id
                """)
                .params(tenant.value(), channel, from, to)
                .query((row, n) -> {
                    long[] cell = cells.computeIfAbsent(
                            key(row.getObject(1, LocalDate.class), row.getString(2)), k -> new long[5]);
                    for (int i = 1; i <= 4; i++) {
                        cell[i] = row.getLong(i + 2);
                    }
                    return cell;
                })
                .list();
        List<Row> rows = new ArrayList<>();
        long[] sum = new long[5];
        cells.forEach((key, cell) -> {
            String[] parts = key.split("\\|", 2);
            rows.add(new Row(
                    LocalDate.parse(parts[0]),
                    parts[1].isEmpty() ? null : parts[1],
                    cell[0],
                    cell[1],
                    cell[2],
                    cell[3],
                    cell[4]));
            for (int i = 0; i < 5; i++) {
                sum[i] += cell[i];
            }
        });
        long cost = cost(tenant, channel, from, to);
        long[] money = attributed(tenant, channel, from, to);
        return new Stats(
                channel,
                from,
                to,
                new Totals(
                        sum[0],
                        sum[1],
                        sum[0] == 0 ? null : (double) sum[1] / sum[0],
                        sum[2],
                        sum[3],
                        sum[4],
                        sum[1] - sum[2],
                        cost,
                        sum[1] == 0 ? null : (cost + sum[1] / 2) / sum[1],
                        money[0],
                        money[1],
                        cost == 0 ? null : (double) money[0] / cost),
                List.copyOf(rows));
    }

    /** The channel's own cost plus the card and benefit costs of its batches whose dates overlap the period. */
    long cost(TenantId tenant, long channel, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                select c.cost_fen + coalesce((select sum(b.card_cost_fen + b.benefit_cost_fen) from acquisition.batch b
                                              where b.tenant_id = c.tenant_id and b.channel_id = c.id
                                                and b.starts_on < :to and b.ends_on >= :from), 0)
                from acquisition.channel c where c.tenant_id = :tenant and c.id = :channel
                """)
                .param("tenant", tenant.value())
                .param("channel", channel)
                .param("from", from)
                .param("to", to)
                .query(Long.class)
                .single();
    }

    /**
     * GMV and buyers of the customers whose first touch is this channel within the period: the net spend of their
     * counting orders paid at or after that first touch (orders before it were not brought by the channel), each
     * profile once.
     */
    long[] attributed(TenantId tenant, long channel, LocalDate from, LocalDate to) {
        Map<String, Instant> firstTouched = new LinkedHashMap<>();
        jdbc.sql("""
                select a.external_user_id, a.first_at from acquisition.attribution a
                where a.tenant_id = ? and a.first_channel_id = ?
                  and exists (select 1 from acquisition.arrival r
                              where r.tenant_id = a.tenant_id and r.channel_id = a.first_channel_id
                                and r.external_user_id = a.external_user_id and r.added_at = a.first_at
                                and r.day >= ? and r.day < ?)
                """)
                .params(tenant.value(), channel, from, to)
                .query((row, n) -> firstTouched.put(
                        row.getString(1), row.getObject(2, OffsetDateTime.class).toInstant()))
                .list();
        return moneyAfter(tenant, firstTouched);
    }

    /** GMV and buyers of the profiles behind these adds: their counting orders paid at or after the (earliest) add. */
    long[] moneyAfter(TenantId tenant, Map<String, Instant> adds) {
        long gmv = 0;
        long buyers = 0;
        for (var spend : customers.spendAfterAdds(tenant, adds)) {
            gmv += spend.netSpendFen();
            buyers += spend.orders() > 0 ? 1 : 0;
        }
        return new long[] {gmv, buyers};
    }

    private static String key(LocalDate day, @Nullable String staff) {
        return day + "|" + (staff == null ? "" : staff);
    }
}
