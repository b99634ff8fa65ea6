package io.moat.customers;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a test profile holds besides its identities, written as the owner: its fields, staff relations, notes,
 * purchases, timeline facts and tags. Timeline references and staff ids may repeat across profiles on purpose
 * (a merge must treat those as duplicates).
 */
record ProfileSeed(
        String name,
        @Nullable String phoneHash,
        @Nullable Instant firstAddedAt,
        Set<String> staff,
        int notes,
        List<Long> orders,
        Set<String> facts,
        Set<Long> tags,
        Set<Long> fields) {

    ProfileSeed(
            String name,
            @Nullable String phoneHash,
            @Nullable Instant firstAddedAt,
            Set<String> staff,
            int notes,
            List<Long> orders,
            Set<String> facts,
            Set<Long> tags) {
        this(name, phoneHash, firstAddedAt, staff, notes, orders, facts, tags, Set.of());
    }

    static final Instant BASE = Instant.parse("2026-10-01T00:00:00Z");

    void writeTo(JdbcTemplate db, long tenant, long customer, String label) {
        db.update(
                "update customers.customer set display_name = ?, phone_hash = ?, phone_sealed = ?, phone_masked = ?,"
                        + " first_added_at = ? where tenant_id = ? and id = ?",
                name,
                phoneHash,
                phoneHash == null ? null : "sealed-" + phoneHash,
                phoneHash == null ? null : "138****" + Math.abs(phoneHash.hashCode() % 10000),
                firstAddedAt == null ? null : Timestamp.from(firstAddedAt),
                tenant,
                customer);
        for (String staffId : staff) {
            // the same staff member's relation differs between profiles, so a merge must keep the survivor's
            db.update(
                    "insert into customers.staff_relation (tenant_id, customer_id, staff_user_id, state, added_at)"
                            + " values (?, ?, ?, ?, ?)",
                    tenant,
                    customer,
                    staffId,
                    "state-" + label,
                    Timestamp.from(BASE.plusSeconds(label.hashCode() & 0xffff)));
        }
        for (int i = 0; i < notes; i++) {
            db.update(
                    "insert into customers.note (tenant_id, customer_id, author, body, created_at) values (?, ?, ?, ?, ?)",
                    tenant,
                    customer,
                    "test",
                    "note " + i + " of " + label,
                    Timestamp.from(BASE.plusSeconds(i)));
        }
        for (long order : orders) {
            db.update(
                    "insert into customers.purchase (tenant_id, order_id, customer_id, platform, order_no, status,"
                            + " paid_fen, refunded_fen, paid_at) values (?, ?, ?, 'taobao', ?, 'paid', ?, 0, ?)",
                    tenant,
                    order,
                    customer,
                    "T" + order,
                    1000 + order,
                    Timestamp.from(BASE.plusSeconds(order)));
        }
        for (String fact : facts) {
            // one reference, one moment: the same reference on two profiles is the same fact seen twice
            db.update(
                    "insert into customers.timeline_event (tenant_id, customer_id, occurred_at, kind, source_ref, detail)"
                            + " values (?, ?, ?, 'added', ?, cast(? as jsonb))",
                    tenant,
                    customer,
                    Timestamp.from(BASE.plusSeconds(3600L * (fact.hashCode() & 0xff))),
                    fact,
                    "{\"by\": \"" + label + "\"}");
        }
        for (long field : fields) {
            db.update(
                    "insert into customers.field_value (tenant_id, customer_id, field_id, value, updated_at)"
                            + " values (?, ?, ?, ?, ?)",
                    tenant,
                    customer,
                    field,
                    "value of " + label,
                    Timestamp.from(BASE.plusSeconds(field)));
        }
        for (long tag : tags) {
            db.update(
                    "insert into tags.tag_assignment (tenant_id, customer_id, tag_id, source, assigned_by, assigned_at)"
                            + " values (?, ?, ?, 'manual', ?, ?)",
                    tenant,
                    customer,
                    tag,
                    label,
                    Timestamp.from(BASE.plusSeconds(tag)));
        }
    }

    /** Two custom text fields in the workspace; returns their ids. */
    static List<Long> twoFields(JdbcTemplate db, long tenant) {
        return List.of("f1", "f2").stream()
                .map(key -> db.queryForObject(
                        "insert into customers.field_definition (tenant_id, key, label, type, created_at)"
                                + " values (?, ?, ?, 'text', now()) returning id",
                        Long.class,
                        tenant,
                        key + "_" + System.nanoTime(),
                        key))
                .toList();
    }

    /** A tag group with three tags in the workspace; returns the tags' ids. */
    static List<Long> threeTags(JdbcTemplate db, long tenant) {
        long group = db.queryForObject(
                "insert into tags.tag_group (tenant_id, name, kind, created_at) values (?, ?, 'manual', now()) returning id",
                Long.class,
                tenant,
                "merge-test-" + System.nanoTime());
        return List.of("A", "B", "C").stream()
                .map(name -> db.queryForObject(
                        "insert into tags.tag (tenant_id, group_id, name, created_at) values (?, ?, ?, now()) returning id",
                        Long.class,
                        tenant,
                        group,
                        name))
                .toList();
    }
}
