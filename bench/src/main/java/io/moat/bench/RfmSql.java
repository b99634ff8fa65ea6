package io.moat.bench;

/**
 * The SQL peers' queries, written to Moat's definition: over buyers (a counting order has net > 0), a buyer's
 * position is the number of buyers strictly worse, which is {@code rank() - 1} in ascending order (a later last
 * order is better, so recency ranks by last day ascending), and the score is 1 + ⌊5 × position / n⌋. {@code DIV}
 * is the dialect's integer division.
 */
final class RfmSql {

    private RfmSql() {}

    static final String AGGREGATE = """
            select customer_no, max(paid_day) as last_day, count(*) as frequency, sum(net_fen) as monetary
            from orders where net_fen > 0 group by customer_no""";

    static String scoring(String div) {
        return """
                with agg as (%s),
                ranked as (
                  select customer_no, count(*) over () as n,
                         rank() over (order by last_day) - 1 as rp,
                         rank() over (order by frequency) - 1 as fp,
                         rank() over (order by monetary) - 1 as mp
                  from agg)
                select customer_no, 1 + (5 * rp) DIV n as r, 1 + (5 * fp) DIV n as f, 1 + (5 * mp) DIV n as m,
                       case when rp * 5 DIV n >= 2 then 4 else 0 end
                     + case when fp * 5 DIV n >= 2 then 2 else 0 end
                     + case when mp * 5 DIV n >= 2 then 1 else 0 end as segment
                from ranked""".formatted(AGGREGATE).replace("DIV", div);
    }

    /** The timed aggregate: every group is built, and summed so that nothing is left out. */
    static final String TIMED_AGGREGATE =
            "select count(*), sum(last_day), sum(frequency), sum(monetary) from (" + AGGREGATE + ") a";

    /** The timed scoring, summed likewise into the cardinality checksum. */
    static String timedScoring(String div) {
        return "select count(*), sum(s.segment), sum(customer_no::bigint * ((r - 1) * 25 + (f - 1) * 5 + m)) from ("
                + scoring(div) + ") s";
    }

    static String summary(String div) {
        return "select r, f, m, count(*), sum(customer_no::bigint) from (" + scoring(div) + ") s group by r, f, m";
    }
}
