package io.moat.community;

import io.moat.Api;
import io.moat.shared.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Hand-computed community fixtures written straight into a fresh workspace's tables (as the owner, past row level
 * security): groups, members, joins and quits, archived messages, and the customer profiles and orders the group
 * commerce figures read. Times are local times in Asia/Shanghai, the zone the figures count days in.
 */
final class CommunityFixtures {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    final Api api;
    final String admin;
    final String slug;
    final TenantId tenant;
    private final JdbcTemplate db;
    private int numbers;
    private long orders;

    /** A new workspace (made through the API on {@code port}) to write the fixture into. */
    CommunityFixtures(int port, DataSource owner) {
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

    static Instant local(String localTime) {
        return LocalDateTime.parse(localTime).atZone(SHANGHAI).toInstant();
    }

    void group(String chat, String name, String owner, @Nullable String type, long costFen) {
        db.update(
                "insert into community.group_profile (tenant_id, chat_id, name, owner, group_type, cost_fen, created_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?)",
                tenant.value(),
                chat,
                name,
                owner,
                type,
                costFen,
                at("2026-11-01T08:00"));
    }

    /** A current member of the registry (the metrics read the membership events, not this). */
    void member(String chat, String member, boolean staff, String role, String localTime) {
        db.update(
                "insert into community.member (tenant_id, chat_id, member_id, staff, role, joined_at) values (?, ?, ?, ?, ?, ?)",
                tenant.value(),
                chat,
                member,
                staff,
                role,
                at(localTime));
    }

    void event(String chat, String member, String kind, String localTime, boolean staff) {
        db.update(
                "insert into community.membership_event (tenant_id, chat_id, member_id, kind, at, staff) values (?, ?, ?, ?, ?, ?)",
                tenant.value(),
                chat,
                member,
                kind,
                at(localTime),
                staff);
    }

    void say(String chat, String sender, String... localTimes) {
        for (String time : localTimes) {
            db.update(
                    "insert into community.message (tenant_id, msg_id, chat_id, sender, sent_at, msg_type) values (?, ?, ?, ?, ?, 'text')",
                    tenant.value(),
                    chat + "/" + sender + "@" + time,
                    chat,
                    sender,
                    at(time));
        }
    }

    /** A customer profile known by its WeCom id, optionally merged into another, with a loyalty type. */
    long profile(String externalUserId, @Nullable Long mergedInto, @Nullable String loyalty) {
        long id = db.queryForObject(
                "insert into customers.customer (tenant_id, number, source, created_at, merged_into) values (?, ?, 'wecom', now(), ?) returning id",
                Long.class,
                tenant.value(),
                ++numbers + 1000,
                mergedInto);
        db.update(
                "insert into customers.identity (tenant_id, kind, value, customer_id, source, confidence, linked_at) values (?, 'external_userid', ?, ?, 'wecom', 'certain', now())",
                tenant.value(),
                externalUserId,
                id);
        if (loyalty != null) {
            db.update(
                    "insert into customers.customer_value (tenant_id, customer_id, stage, loyalty, loyalty_reason, orders, net_spend_fen, computed_at) values (?, ?, 'active', ?, 'fixture', 0, 0, now())",
                    tenant.value(),
                    id,
                    loyalty);
        }
        return id;
    }

    void order(long customer, long paidFen, long refundedFen, String localTime) {
        db.update(
                "insert into customers.purchase (tenant_id, order_id, customer_id, platform, order_no, status, paid_fen, refunded_fen, paid_at) values (?, ?, ?, 'youzan', ?, 'paid', ?, ?, ?)",
                tenant.value(),
                ++orders,
                customer,
                "E" + orders,
                paidFen,
                refundedFen,
                at(localTime));
    }

    static Timestamp at(String localTime) {
        return Timestamp.from(local(localTime));
    }
}
