package io.moat.community;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatTest;
import io.moat.community.internal.KocCandidates;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * KOC candidates: only P qualifies — Q talks as much but on too few days, R was caught by the guard, S is a KOC
 * already, T left, and the owner is staff.
 */
@MoatTest
class KocCandidatesTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final String CHAT = "wr-koc";

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    @Autowired
    KocCandidates candidates;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void activeCustomersOnManyDaysNeverCaughtAreProposedWithTheReason() {
        Api api = new Api(port);
        String slug = api.newWorkspace(api.admin());
        JdbcTemplate db = new JdbcTemplate(owner);
        TenantId tenant = new TenantId(
                db.queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, slug));
        db.update(
                "insert into community.group_profile (tenant_id, chat_id, name, owner) values (?, ?, '福利群', 'staff-s')",
                tenant.value(),
                CHAT);
        String[][] members = {
            {"staff-s", "owner"}, {"P", "member"}, {"Q", "member"}, {"R", "member"}, {"S", "koc"}, {"T", "member"}
        };
        for (String[] m : members) {
            db.update(
                    "insert into community.member (tenant_id, chat_id, member_id, staff, role, joined_at, left_at) values (?, ?, ?, ?, ?, ?, ?)",
                    tenant.value(),
                    CHAT,
                    m[0],
                    m[0].startsWith("staff"),
                    m[1],
                    at("2026-10-01T09:00"),
                    m[0].equals("T") ? at("2026-11-20T09:00") : null);
        }
        // P: 12 messages over 6 days; Q: 12 over 3 days; R, S, T and the owner: 12 over 6 days
        for (String sender : new String[] {"P", "R", "S", "T", "staff-s"}) {
            for (int i = 0; i < 12; i++) {
                say(db, tenant, sender, "2026-11-%02dT10:%02d".formatted(10 + i % 6, i));
            }
        }
        for (int i = 0; i < 12; i++) {
            say(db, tenant, "Q", "2026-11-%02dT11:%02d".formatted(10 + i % 3, i));
        }
        db.update(
                "insert into community.guard_hit (tenant_id, msg_id, chat_id, member_id, matched, content, action, at) values (?, 'R@2026-11-10T10:00', ?, 'R', '加微信', '加微信', 'warn', ?)",
                tenant.value(),
                CHAT,
                at("2026-11-10T10:00"));

        Instant now = LocalDateTime.parse("2026-11-21T12:00").atZone(SHANGHAI).toInstant();
        var proposed = CallContext.forTenant(tenant, "test")
                .call(() -> transactions.execute(status -> candidates.of(tenant, CHAT, now, SHANGHAI)));
        assertThat(proposed).extracting(KocCandidates.Candidate::memberId).containsExactly("P");
        assertThat(proposed.getFirst().reason())
                .isEqualTo("12 messages on 6 days in the last 30 days, never caught by the guard");
    }

    private static void say(JdbcTemplate db, TenantId tenant, String sender, String localTime) {
        db.update(
                "insert into community.message (tenant_id, msg_id, chat_id, sender, sent_at, msg_type) values (?, ?, ?, ?, ?, 'text')",
                tenant.value(),
                sender + "@" + localTime,
                CHAT,
                sender,
                at(localTime));
    }

    private static Timestamp at(String localTime) {
        return Timestamp.from(LocalDateTime.parse(localTime).atZone(SHANGHAI).toInstant());
    }
}
