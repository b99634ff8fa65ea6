package io.moat.customers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Everything a profile holds, read straight from the tables (as the owner, past row-level security), so two reads
 * can be compared for equality: the profile's own fields, identities, staff relations, notes, purchases, timeline
 * facts (without the merge's and unmerge's own entries) and tags.
 */
final class ProfileFacts {

    private ProfileFacts() {}

    static Map<String, List<Map<String, Object>>> of(JdbcTemplate db, long tenant, long customer) {
        Map<String, List<Map<String, Object>>> facts = new LinkedHashMap<>();
        facts.put("profile", db.queryForList("""
                select display_name, phone_hash, phone_sealed, phone_masked, first_added_at, merged_into
                from customers.customer where tenant_id = ? and id = ?
                """, tenant, customer));
        facts.put("identities", db.queryForList("""
                select kind, value, source, confidence, linked_at from customers.identity
                where tenant_id = ? and customer_id = ? order by kind, value
                """, tenant, customer));
        facts.put("relations", db.queryForList("""
                select staff_user_id, state, added_at, removed_at, removed_by from customers.staff_relation
                where tenant_id = ? and customer_id = ? order by staff_user_id
                """, tenant, customer));
        facts.put("notes", db.queryForList("""
                select id, author, body, created_at from customers.note
                where tenant_id = ? and customer_id = ? order by id
                """, tenant, customer));
        facts.put("purchases", db.queryForList("""
                select order_id, status, paid_fen, refunded_fen, paid_at from customers.purchase
                where tenant_id = ? and customer_id = ? order by order_id
                """, tenant, customer));
        facts.put("timeline", db.queryForList("""
                select occurred_at, kind, source_ref, cast(detail as text) as detail from customers.timeline_event
                where tenant_id = ? and customer_id = ? and kind not in ('merged', 'unmerged')
                order by occurred_at, source_ref
                """, tenant, customer));
        facts.put("fields", db.queryForList("""
                select field_id, value, updated_at from customers.field_value
                where tenant_id = ? and customer_id = ? order by field_id
                """, tenant, customer));
        facts.put("tags", db.queryForList("""
                select tag_id, source, assigned_by, assigned_at from tags.tag_assignment
                where tenant_id = ? and customer_id = ? order by tag_id
                """, tenant, customer));
        return facts;
    }
}
