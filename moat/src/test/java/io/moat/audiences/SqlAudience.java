package io.moat.audiences;

import io.moat.audiences.AudienceCondition.AddedWithin;
import io.moat.audiences.AudienceCondition.All;
import io.moat.audiences.AudienceCondition.Any;
import io.moat.audiences.AudienceCondition.Bought;
import io.moat.audiences.AudienceCondition.CameFrom;
import io.moat.audiences.AudienceCondition.Consent;
import io.moat.audiences.AudienceCondition.DidWithin;
import io.moat.audiences.AudienceCondition.FollowedBy;
import io.moat.audiences.AudienceCondition.HasTags;
import io.moat.audiences.AudienceCondition.InGroup;
import io.moat.audiences.AudienceCondition.LastOrderWithin;
import io.moat.audiences.AudienceCondition.NetSpend;
import io.moat.audiences.AudienceCondition.Not;
import io.moat.audiences.AudienceCondition.OrderCount;
import io.moat.audiences.AudienceCondition.ProfileIn;
import io.moat.audiences.AudienceCondition.RfmScore;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * An independent evaluation of a condition: one SQL predicate over the owners' tables (customers, tags, audiences),
 * written from the definitions in docs/audiences.md and sharing no code with the index. Every leaf is a non-null
 * boolean so NOT means NOT. {@code :now} and {@code :zone} are bound by the caller.
 */
final class SqlAudience {

    private SqlAudience() {}

    static String membersQuery(AudienceCondition condition) {
        return "select c.id from customers.customer c"
                + " left join customers.customer_value v on v.tenant_id = c.tenant_id and v.customer_id = c.id"
                + " where c.tenant_id = :tenant and c.merged_into is null and (" + predicate(condition) + ")"
                + " order by c.id";
    }

    static String predicate(AudienceCondition condition) {
        return switch (condition) {
            case All all ->
                all.conditions().isEmpty()
                        ? "true"
                        : all.conditions().stream()
                                .map(SqlAudience::predicate)
                                .collect(Collectors.joining(") and (", "(", ")"));
            case Any any ->
                any.conditions().isEmpty()
                        ? "false"
                        : any.conditions().stream()
                                .map(SqlAudience::predicate)
                                .collect(Collectors.joining(") or (", "(", ")"));
            case Not not -> "not (" + predicate(not.condition()) + ")";
            case HasTags has -> {
                String ids = has.tagIds().stream().map(String::valueOf).collect(Collectors.joining(","));
                String carries = "exists (select 1 from tags.tag_assignment a where a.tenant_id = c.tenant_id"
                        + " and a.customer_id = c.id and a.tag_id in (%s))";
                yield switch (has.match()) {
                    case ANY -> carries.formatted(ids);
                    case NONE -> "not " + carries.formatted(ids);
                    case ALL ->
                        has.tagIds().stream().map(id -> carries.formatted(id)).collect(Collectors.joining(" and "));
                };
            }
            case ProfileIn in ->
                "coalesce("
                        + switch (in.field()) {
                            case GENDER -> "(case c.gender when 1 then 'male' when 2 then 'female' else 'unknown' end)";
                            case STAGE -> "v.stage";
                            case LOYALTY -> "v.loyalty";
                            case RFM_SEGMENT -> "v.rfm_segment";
                        }
                        + " in (" + texts(in.values()) + "), false)";
            case AudienceCondition.Region region ->
                // the receiver address of the latest counting order (the later paid, then the larger order id)
                "coalesce((select o.receiver_province in (" + texts(region.places()) + ") or o.receiver_city in ("
                        + texts(region.places()) + ") from customers.purchase p join commerce.orders o"
                        + " on o.tenant_id = p.tenant_id and o.id = p.order_id where p.tenant_id = c.tenant_id"
                        + " and p.customer_id = c.id and p.paid_at is not null and p.paid_fen - p.refunded_fen > 0"
                        + " order by p.paid_at desc, p.order_id desc limit 1), false)";
            case AudienceCondition.FieldIn in -> field(in.key(), "fv.value in (" + texts(in.values()) + ")");
            case AudienceCondition.FieldRange range ->
                // number fields by number (a bound that is no number: nobody), the others by text in code point order
                field(
                        range.key(),
                        "case when d.type = 'number' then " + numberRange(range) + " else true"
                                + bound("fv.value collate \"C\"", range) + " end");
            case RfmScore score -> {
                String column =
                        switch (score.dimension()) {
                            case RECENCY -> "v.rfm_recency";
                            case FREQUENCY -> "v.rfm_frequency";
                            case MONETARY -> "v.rfm_monetary";
                        };
                yield "coalesce(" + column + " between " + score.min() + " and " + score.max() + ", false)";
            }
            case OrderCount count -> range("coalesce(v.orders, 0)", count.min(), count.max());
            case NetSpend spend -> range("coalesce(v.net_spend_fen, 0)", spend.minFen(), spend.maxFen());
            case LastOrderWithin last -> "coalesce(v.last_order_at >= " + cutoff(last.days()) + ", false)";
            case AddedWithin added -> "coalesce(c.first_added_at >= " + cutoff(added.days()) + ", false)";
            case Bought bought ->
                // A line of a counting order (paid, net above zero) paid within the window, by its SKU, or its
                // product's category or role.
                "exists (select 1 from customers.purchase p"
                        + " join commerce.order_line l on l.tenant_id = p.tenant_id and l.order_id = p.order_id"
                        + " left join commerce.product pr on pr.tenant_id = l.tenant_id and pr.sku = l.sku"
                        + " where p.tenant_id = c.tenant_id and p.customer_id = c.id and p.paid_at is not null"
                        + " and p.paid_fen - p.refunded_fen > 0 and p.paid_at >= " + cutoff(bought.days())
                        + " and "
                        + switch (bought.by()) {
                            case SKU -> "l.sku";
                            case CATEGORY -> "pr.category";
                            case ROLE -> "pr.role";
                        }
                        + " in (" + texts(bought.values()) + "))";
            case CameFrom from ->
                switch (from.touch()) {
                    case ANY ->
                        "exists (select 1 from customers.staff_relation r where r.tenant_id = c.tenant_id"
                                + " and r.customer_id = c.id and r.state in (" + texts(from.states()) + "))";
                    case FIRST -> touch("r.added_at, r.staff_user_id", from);
                    case LAST -> touch("r.added_at desc, r.staff_user_id desc", from);
                };
            case FollowedBy by ->
                "exists (select 1 from customers.staff_relation r where r.tenant_id = c.tenant_id"
                        + " and r.customer_id = c.id and r.removed_at is null and r.staff_user_id in ("
                        + texts(by.staff())
                        + "))";
            case InGroup in ->
                "exists (select 1 from audiences.group_member g where g.tenant_id = c.tenant_id"
                        + " and g.customer_id = c.id and g.chat_id in (" + texts(in.chatIds()) + "))";
            case DidWithin did ->
                "exists (select 1 from audiences.activity x where x.tenant_id = c.tenant_id"
                        + " and x.customer_id = c.id and x.kind = '"
                        + did.kind().code() + "'"
                        + (did.ref() == null ? "" : " and x.ref = " + text(did.ref()))
                        + " and x.latest_at >= " + cutoff(did.days()) + ")";
            case Consent consent -> consent.granted() ? "c.opted_out_at is null" : "c.opted_out_at is not null";
        };
    }

    private static String field(String key, String match) {
        return "exists (select 1 from customers.field_value fv join customers.field_definition d"
                + " on d.tenant_id = fv.tenant_id and d.id = fv.field_id where fv.tenant_id = c.tenant_id"
                + " and fv.customer_id = c.id and d.deleted_at is null and d.key = " + text(key) + " and " + match
                + ")";
    }

    private static String bound(String value, AudienceCondition.FieldRange range) {
        String min = range.min() == null ? "" : " and " + value + " >= " + text(range.min());
        String max = range.max() == null ? "" : " and " + value + " <= " + text(range.max());
        return min + max;
    }

    private static String numberRange(AudienceCondition.FieldRange range) {
        try {
            String value = "cast(fv.value as numeric)";
            String min = range.min() == null ? "" : " and " + value + " >= " + new java.math.BigDecimal(range.min());
            String max = range.max() == null ? "" : " and " + value + " <= " + new java.math.BigDecimal(range.max());
            return "(true" + min + max + ")";
        } catch (NumberFormatException e) {
            return "false";
        }
    }

    private static String touch(String order, CameFrom from) {
        return "coalesce((select r.state from customers.staff_relation r where r.tenant_id = c.tenant_id"
                + " and r.customer_id = c.id order by " + order + " limit 1) in (" + texts(from.states()) + "), false)";
    }

    /** Midnight of the day {@code days} days before today, both in the workspace's zone. */
    private static String cutoff(int days) {
        return "((cast(:now as timestamptz) at time zone :zone)::date - " + days + ")::timestamp at time zone :zone";
    }

    private static String range(String column, Number min, Number max) {
        return "(" + (min == null ? "true" : column + " >= " + min) + " and "
                + (max == null ? "true" : column + " <= " + max) + ")";
    }

    private static String texts(Collection<String> values) {
        return values.stream().map(SqlAudience::text).collect(Collectors.joining(", "));
    }

    private static String text(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
