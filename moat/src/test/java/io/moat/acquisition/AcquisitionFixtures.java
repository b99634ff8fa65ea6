package io.moat.acquisition;

import io.moat.Api;
import io.moat.shared.TenantId;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Hand-computed acquisition fixtures written straight into a fresh workspace's tables (as the owner, past row level
 * security): channels, batches, visits, adds, first touches, profiles with their WeCom ids and relations, claims and
 * orders. Times are given in Asia/Shanghai, the zone the figures count days in.
 */
final class AcquisitionFixtures {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    final Api api;
    final String admin;
    final String slug;
    final TenantId tenant;
    private final JdbcTemplate db;
    private int nextCustomer = 1;
    private long nextOrder = 1;

    /** A new workspace (made through the API on {@code port}) to write the fixture into. */
    AcquisitionFixtures(int port, DataSource owner) {
        api = new Api(port);
        admin = api.admin();
        slug = api.newWorkspace(admin);
        db = new JdbcTemplate(owner);
        tenant = new TenantId(
                db.queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
    }

    JdbcTemplate db() {
        return db;
    }

    /** The workspace's API path for {@code rest}. */
    String path(String rest) {
        return "/api/v1/workspaces/" + slug + rest;
    }

    static Instant local(int month, int day, int hour, int minute) {
        return LocalDateTime.of(2026, month, day, hour, minute).atZone(SHANGHAI).toInstant();
    }

    long channel(String name, String kind, long costFen) {
        return db.queryForObject("""
                insert into acquisition.channel (tenant_id, code, name, kind, rotation_mode, welcome, cost_fen,
                    public_base_url, created_at, updated_at)
                values (?, ?, ?, ?, 'round_robin', '{"text":"hi","attachments":[],"variants":[]}', ?,
                    'http://localhost', now(), now()) returning id
                """, Long.class, tenant.value(), "code-" + name + tenant.value(), name, kind, costFen);
    }

    long batch(long channel, int parcels, long cardFen, long benefitFen, LocalDate from, LocalDate to) {
        return db.queryForObject(
                """
                insert into acquisition.batch (tenant_id, channel_id, name, parcels, card_cost_fen, benefit_cost_fen,
                    starts_on, ends_on, created_at) values (?, ?, 'b', ?, ?, ?, ?, ?, now()) returning id
                """,
                Long.class,
                tenant.value(),
                channel,
                parcels,
                cardFen,
                benefitFen,
                Date.valueOf(from),
                Date.valueOf(to));
    }

    /** {@code count} visits at {@code at} on which {@code staff} was shown (null: nobody was available). */
    void visits(long channel, @Nullable String staff, Instant at, int count) {
        for (int i = 0; i < count; i++) {
            db.update(
                    """
                    insert into acquisition.visit (tenant_id, channel_id, visitor_id, at, day, staff_user_id, decision,
                        reason) values (?, ?, ?, ?, ?, ?, ?, 'fixture')
                    """,
                    tenant.value(),
                    channel,
                    "v" + i,
                    Timestamp.from(at),
                    Date.valueOf(LocalDate.ofInstant(at, SHANGHAI)),
                    staff,
                    staff == null ? "none" : "primary");
        }
    }

    /** An add through the channel's state, ended at {@code removed} if given. */
    void arrival(long channel, String staff, String externalUserId, Instant at, @Nullable Instant removed) {
        db.update(
                """
                insert into acquisition.arrival (tenant_id, channel_id, staff_user_id, external_user_id, state, added_at,
                    day, removed_at) values (?, ?, ?, ?, 's', ?, ?, ?)
                """,
                tenant.value(),
                channel,
                staff,
                externalUserId,
                Timestamp.from(at),
                Date.valueOf(LocalDate.ofInstant(at, SHANGHAI)),
                removed == null ? null : Timestamp.from(removed));
    }

    void firstTouch(String externalUserId, long channel, Instant at, long lastChannel) {
        db.update("""
                insert into acquisition.attribution (tenant_id, external_user_id, first_channel_id, first_at,
                    last_channel_id, last_at) values (?, ?, ?, ?, ?, ?)
                """, tenant.value(), externalUserId, channel, Timestamp.from(at), lastChannel, Timestamp.from(at));
    }

    /** A profile with this WeCom id; answers its id. */
    long customer(String externalUserId) {
        long id = db.queryForObject("""
                insert into customers.customer (tenant_id, number, source, created_at)
                values (?, ?, 'test', now()) returning id
                """, Long.class, tenant.value(), nextCustomer++);
        db.update("""
                insert into customers.identity (tenant_id, kind, value, customer_id, source, confidence, linked_at)
                values (?, 'external_userid', ?, ?, 'test', 'certain', now())
                """, tenant.value(), externalUserId, id);
        return id;
    }

    /** The customer's WeCom relation to a staff member (a private-domain order is paid while one is open). */
    void relation(long customer, String staff, @Nullable String state, Instant at, @Nullable Instant removed) {
        db.update(
                """
                insert into customers.staff_relation (tenant_id, customer_id, staff_user_id, state, added_at, removed_at,
                    removed_by) values (?, ?, ?, ?, ?, ?, ?)
                """,
                tenant.value(),
                customer,
                staff,
                state,
                Timestamp.from(at),
                removed == null ? null : Timestamp.from(removed),
                removed == null ? null : "customer");
    }

    /** A successful claim through the customer's benefit-claim page. */
    void claimed(long customer, Instant at) {
        db.update("""
                insert into customers.timeline_event (tenant_id, customer_id, occurred_at, kind, source_ref)
                values (?, ?, ?, 'claimed_order', ?)
                """, tenant.value(), customer, Timestamp.from(at), "claim:" + customer);
    }

    void order(long customer, long paidFen, long refundedFen, Instant paidAt) {
        long id = nextOrder++;
        db.update(
                """
                insert into customers.purchase (tenant_id, order_id, customer_id, platform, order_no, status, paid_fen,
                    refunded_fen, paid_at) values (?, ?, ?, 'taobao', ?, ?, ?, ?, ?)
                """,
                tenant.value(),
                id,
                customer,
                "T" + id,
                refundedFen > 0 ? "refunded" : "finished",
                paidFen,
                refundedFen,
                Timestamp.from(paidAt));
    }
}
