package io.moat.customers;

import io.moat.shared.TenantId;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The workspace figures of docs/metrics.md, computed from profiles, their WeCom relations and their purchases. A
 * period is a range of calendar days in the workspace's time zone, {@code from} inclusive, {@code to} exclusive.
 */
@Service
@Transactional(readOnly = true)
public class CustomerFigures {

    // A counting order paid while its buyer had a WeCom relation that had begun and not yet ended.
    private static final String PRIVATE_DOMAIN_ORDERS = """
            select p.customer_id, p.paid_fen - p.refunded_fen as net_fen
            from customers.purchase p
            where p.tenant_id = :tenant and p.customer_id is not null and p.paid_fen - p.refunded_fen > 0
              and p.paid_at >= :from and p.paid_at < :to
              and exists (select 1 from customers.staff_relation r
                          where r.tenant_id = p.tenant_id and r.customer_id = p.customer_id
                            and r.added_at <= p.paid_at and (r.removed_at is null or r.removed_at > p.paid_at))
            """;

    private final JdbcClient jdbc;

    CustomerFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The figures of one period. Money in fen; {@code aovFen} rounded half up; rates between 0 and 1. */
    public record Figures(
            long gmvFen,
            long buyers,
            long aovFen,
            long newBuyers,
            long returningBuyers,
            long adds,
            long deletions,
            long netGrowth,
            double repurchaseRate30,
            double repurchaseRate90) {}

    /**
     * How many profiles (not merged away) are in each lifecycle stage and each loyalty type right now, from their
     * derived values; profiles whose values have not been computed yet count as {@code not_computed}.
     */
    public record Distribution(java.util.Map<String, Long> stages, java.util.Map<String, Long> loyalty) {}

    /** Lifetime value of the profiles first added on WeCom in one month. */
    public record Cohort(YearMonth month, long customers, long netSpendFen, long ltvFen) {}

    public Figures of(TenantId tenant, ZoneId zone, LocalDate from, LocalDate to) {
        var start = from.atStartOfDay(zone).toOffsetDateTime();
        var end = to.atStartOfDay(zone).toOffsetDateTime();
        var totals = jdbc.sql("select coalesce(sum(net_fen), 0), count(distinct customer_id) from ("
                        + PRIVATE_DOMAIN_ORDERS + ") orders")
                .param("tenant", tenant.value())
                .param("from", start)
                .param("to", end)
                .query((row, n) -> new long[] {row.getLong(1), row.getLong(2)})
                .single();
        long newBuyers = jdbc.sql("select count(distinct o.customer_id) from (" + PRIVATE_DOMAIN_ORDERS + """
                        ) o where (select min(f.paid_at) from customers.purchase f
                                   where f.tenant_id = :tenant and f.customer_id = o.customer_id
                                     and f.paid_fen - f.refunded_fen > 0) >= :from
                        """)
                .param("tenant", tenant.value())
                .param("from", start)
                .param("to", end)
                .query(Long.class)
                .single();
        long adds = count("""
                select count(*) from customers.staff_relation
                where tenant_id = :tenant and added_at >= :from and added_at < :to
                """, tenant, start, end);
        long deletions = count("""
                select count(*) from customers.staff_relation
                where tenant_id = :tenant and removed_at >= :from and removed_at < :to
                """, tenant, start, end);
        long gmv = totals[0];
        long buyers = totals[1];
        long aov = buyers == 0 ? 0 : (gmv + buyers / 2) / buyers;
        return new Figures(
                gmv,
                buyers,
                aov,
                newBuyers,
                buyers - newBuyers,
                adds,
                deletions,
                adds - deletions,
                repurchaseRate(tenant, start, end, 30),
                repurchaseRate(tenant, start, end, 90));
    }

    public Distribution distribution(TenantId tenant) {
        java.util.Map<String, Long> stages = new java.util.LinkedHashMap<>();
        java.util.Map<String, Long> loyalty = new java.util.LinkedHashMap<>();
        jdbc.sql("""
                        select coalesce(v.stage, 'not_computed') as stage, coalesce(v.loyalty, 'not_computed') as loyalty,
                               count(*) as profiles
                        from customers.customer c
                        left join customers.customer_value v on v.tenant_id = c.tenant_id and v.customer_id = c.id
                        where c.tenant_id = :tenant and c.merged_into is null
                        group by 1, 2
                        """)
                .param("tenant", tenant.value())
                .query((row, n) -> {
                    stages.merge(row.getString("stage"), row.getLong("profiles"), Long::sum);
                    loyalty.merge(row.getString("loyalty"), row.getLong("profiles"), Long::sum);
                    return null;
                })
                .list();
        return new Distribution(stages, loyalty);
    }

    /** LTV by acquisition month, for the months from {@code first} to {@code last}. */
    public List<Cohort> ltvByAcquisitionMonth(TenantId tenant, ZoneId zone, YearMonth first, YearMonth last) {
        List<YearMonth> months = new java.util.ArrayList<>();
        for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
            months.add(month);
        }
        return months.stream()
                .map(month -> {
                    var start = month.atDay(1).atStartOfDay(zone).toOffsetDateTime();
                    var end = month.plusMonths(1).atDay(1).atStartOfDay(zone).toOffsetDateTime();
                    return jdbc.sql("""
                    select count(*), coalesce(sum(spend), 0) from (
                        select c.id, (select coalesce(sum(p.paid_fen - p.refunded_fen), 0) from customers.purchase p
                                      where p.tenant_id = c.tenant_id and p.customer_id = c.id
                                        and p.paid_fen - p.refunded_fen > 0 and p.paid_at >= c.first_added_at) as spend
                        from customers.customer c
                        where c.tenant_id = :tenant and c.merged_into is null
                          and c.first_added_at >= :from and c.first_added_at < :to) cohort
                    """)
                            .param("tenant", tenant.value())
                            .param("from", start)
                            .param("to", end)
                            .query((row, n) -> new Cohort(
                                    month,
                                    row.getLong(1),
                                    row.getLong(2),
                                    row.getLong(1) == 0 ? 0 : (row.getLong(2) + row.getLong(1) / 2) / row.getLong(1)))
                            .single();
                })
                .toList();
    }

    private double repurchaseRate(
            TenantId tenant, java.time.OffsetDateTime from, java.time.OffsetDateTime to, int days) {
        var cohort = jdbc.sql("""
                with firsts as (
                    select customer_id, min(paid_at) as first_paid from customers.purchase
                    where tenant_id = :tenant and customer_id is not null and paid_fen - refunded_fen > 0
                    group by customer_id)
                select count(*),
                       count(*) filter (where exists (select 1 from customers.purchase p
                           where p.tenant_id = :tenant and p.customer_id = f.customer_id
                             and p.paid_fen - p.refunded_fen > 0 and p.paid_at > f.first_paid
                             and p.paid_at <= f.first_paid + make_interval(days => :days)))
                from firsts f where f.first_paid >= :from and f.first_paid < :to
                """)
                .param("tenant", tenant.value())
                .param("from", from)
                .param("to", to)
                .param("days", days)
                .query((row, n) -> new long[] {row.getLong(1), row.getLong(2)})
                .single();
        return cohort[0] == 0 ? 0.0 : (double) cohort[1] / cohort[0];
    }

    private long count(String sql, TenantId tenant, java.time.OffsetDateTime from, java.time.OffsetDateTime to) {
        return jdbc.sql(sql)
                .param("tenant", tenant.value())
                .param("from", from)
                .param("to", to)
                .query(Long.class)
                .single();
    }
}
