package io.moat.workspace.internal;

import io.moat.shared.Problem;
import io.moat.shared.context.CallContext;
import io.moat.workspace.AuditLog;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Role;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The people of a workspace. Nobody hands out or takes away more than their own role carries, and a workspace
 * always keeps at least one owner.
 */
@Service
public class Members {

    private static final String MEMBERS = """
            select a.id as account_id, a.username, a.display_name, m.role, m.joined_at, null as initial_password
            from workspace.member m join workspace.account a on a.id = m.account_id
            where m.tenant_id = ?
            """;

    private final JdbcClient jdbc;
    private final AccountRepository accounts;
    private final PasswordHashing passwords;
    private final AuditLog audit;
    private final Clock clock;

    Members(JdbcClient jdbc, AccountRepository accounts, PasswordHashing passwords, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
    }

    public record MemberView(
            long accountId,
            String username,
            String displayName,
            String role,
            OffsetDateTime joinedAt,
            @Nullable String initialPassword) {}

    @Transactional(readOnly = true)
    public List<MemberView> list(CurrentWorkspace workspace) {
        return jdbc.sql(MEMBERS + " order by m.joined_at, a.username")
                .param(workspace.tenant().value())
                .query(MemberView.class)
                .list();
    }

    /**
     * Adds a person by username. A new username gets an account with a random password, returned once so the
     * inviter can hand it over; it must be changed at first sign-in.
     */
    @Transactional
    public MemberView invite(CurrentWorkspace workspace, String rawUsername, String displayName, Role role) {
        requireGrantable(workspace, role);
        String username = rawUsername.trim().toLowerCase(Locale.ROOT);
        String initialPassword = null;
        var existing = accounts.findByUsername(username);
        long accountId;
        if (existing.isPresent()) {
            accountId = existing.get().id();
        } else {
            initialPassword = PasswordHashing.randomPassword();
            accountId = accounts.create(username, displayName.trim(), passwords.hash(initialPassword), false, true);
        }
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        int added = jdbc.sql("""
                insert into workspace.member (tenant_id, account_id, role, joined_at, invited_by)
                values (?, ?, ?, ?, ?) on conflict do nothing
                """)
                .params(
                        workspace.tenant().value(),
                        accountId,
                        role.code(),
                        now,
                        CallContext.current().accountId())
                .update();
        if (added == 0) {
            throw new Problem(
                    HttpStatus.CONFLICT,
                    "already-a-member",
                    "'" + username + "' is already a member of this workspace.",
                    "username");
        }
        audit.record(
                "member.invited",
                "account:" + username,
                Map.of("role", role.code(), "newAccount", initialPassword != null));
        String shownName = existing.map(Account::displayName).orElse(displayName.trim());
        return new MemberView(accountId, username, shownName, role.code(), now, initialPassword);
    }

    @Transactional
    public MemberView changeRole(CurrentWorkspace workspace, long accountId, Role role) {
        MemberView member = find(workspace, accountId);
        requireGrantable(workspace, Role.ofCode(member.role()));
        requireGrantable(workspace, role);
        if (member.role().equals(Role.OWNER.code()) && role != Role.OWNER) {
            requireAnotherOwner(workspace, accountId);
        }
        jdbc.sql("update workspace.member set role = ? where tenant_id = ? and account_id = ?")
                .params(role.code(), workspace.tenant().value(), accountId)
                .update();
        audit.record(
                "member.role_changed",
                "account:" + member.username(),
                Map.of("from", member.role(), "to", role.code()));
        return new MemberView(accountId, member.username(), member.displayName(), role.code(), member.joinedAt(), null);
    }

    @Transactional
    public void remove(CurrentWorkspace workspace, long accountId) {
        MemberView member = find(workspace, accountId);
        requireGrantable(workspace, Role.ofCode(member.role()));
        if (member.role().equals(Role.OWNER.code())) {
            requireAnotherOwner(workspace, accountId);
        }
        jdbc.sql("delete from workspace.member where tenant_id = ? and account_id = ?")
                .params(workspace.tenant().value(), accountId)
                .update();
        audit.record("member.removed", "account:" + member.username(), Map.of("role", member.role()));
    }

    private MemberView find(CurrentWorkspace workspace, long accountId) {
        return jdbc.sql(MEMBERS + " and m.account_id = ?")
                .params(workspace.tenant().value(), accountId)
                .query(MemberView.class)
                .optional()
                .orElseThrow(() -> new Problem(
                        HttpStatus.NOT_FOUND,
                        "member-not-found",
                        "No member with account id " + accountId + " in this workspace.",
                        "accountId"));
    }

    private static void requireGrantable(CurrentWorkspace workspace, Role role) {
        if (!workspace.role().mayGrant(role)) {
            throw new Problem(
                    HttpStatus.FORBIDDEN,
                    "role-not-grantable",
                    "A " + workspace.role().code() + " cannot manage members with the role " + role.code() + ".",
                    "role");
        }
    }

    private void requireAnotherOwner(CurrentWorkspace workspace, long accountId) {
        // Lock the owners so two concurrent demotions cannot both see "another owner" and leave none.
        List<Long> owners = jdbc.sql("""
                select account_id from workspace.member where tenant_id = ? and role = 'owner' for update
                """)
                .param(workspace.tenant().value())
                .query(Long.class)
                .list();
        if (owners.stream().noneMatch(owner -> owner != accountId)) {
            throw new Problem(
                    HttpStatus.CONFLICT,
                    "last-owner",
                    "A workspace needs at least one owner; name another owner first.",
                    "role");
        }
    }
}
