package io.moat.community.internal;

import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.shared.crypto.SecretBox;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal check-in links. WeCom tells nobody who opened a link posted in a group, so each member gets their own
 * link, sent to them one to one: {@code slug.id.tag}, where the tag is a 128-bit HMAC-SHA-256 over tenant, link id,
 * group and member under a key derived for the workspace from the master key. The link row holds no secret: the
 * token can be worked out again for the console, and cannot be made or altered without the key. A member has at
 * most one live link; issuing a new one revokes the old, and a revoked link's token no longer resolves. Call in the
 * workspace's scope.
 */
@Component
@Transactional
public class CheckInLinks {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final JdbcClient jdbc;
    private final SecretBox box;

    CheckInLinks(JdbcClient jdbc, SecretBox box) {
        this.jdbc = jdbc;
        this.box = box;
    }

    /** A member's live link and its token (the path of the page is {@code /k/} + token). */
    public record Link(long id, String chatId, String memberId, String token, Instant createdAt, String createdBy) {}

    /** What a token says before it is checked: the workspace to look in and the link's id. */
    public record Claim(String slug, long linkId, byte[] tag) {

        /** Splits a token; empty when it does not have the shape of one. */
        public static Optional<Claim> parse(String token) {
            int last = token.lastIndexOf('.');
            int middle = last <= 0 ? -1 : token.lastIndexOf('.', last - 1);
            if (middle <= 0 || token.length() > 200) {
                return Optional.empty();
            }
            try {
                long id = Long.parseLong(token.substring(middle + 1, last));
                byte[] tag = DECODER.decode(token.substring(last + 1));
                return id > 0 && tag.length == 16
                        ? Optional.of(new Claim(token.substring(0, middle), id, tag))
                        : Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    /** Issues a new link for a current customer member of the group, revoking the one they had. */
    public Link issue(TenantId tenant, String slug, String chatId, String memberId, String by, Instant now) {
        // Locking the member's row makes two issues at the same moment take turns: the second revokes the first's
        // link instead of meeting it in the one-live-link index.
        boolean customer = jdbc.sql("""
                        select member_id from community.member
                        where tenant_id = ? and chat_id = ? and member_id = ? and not staff and left_at is null
                        for update
                        """)
                .params(tenant.value(), chatId, memberId)
                .query(String.class)
                .optional()
                .isPresent();
        if (!customer) {
            throw new Problem(
                    HttpStatus.NOT_FOUND,
                    "member-not-found",
                    "There is no customer " + memberId + " in group " + chatId + ".",
                    "memberId");
        }
        revoke(tenant, chatId, memberId, now);
        long id = jdbc.sql("""
                insert into community.check_in_link (tenant_id, chat_id, member_id, created_at, created_by)
                values (?, ?, ?, ?, ?) returning id
                """)
                .params(tenant.value(), chatId, memberId, GroupRegistry.at(now), by)
                .query(Long.class)
                .single();
        return new Link(id, chatId, memberId, token(tenant, slug, id, chatId, memberId), now, by);
    }

    /** Revokes the member's live link; returns whether there was one. */
    public boolean revoke(TenantId tenant, String chatId, String memberId, Instant now) {
        return jdbc.sql("""
                update community.check_in_link set revoked_at = ?
                where tenant_id = ? and chat_id = ? and member_id = ? and revoked_at is null
                """)
                        .params(GroupRegistry.at(now), tenant.value(), chatId, memberId)
                        .update()
                > 0;
    }

    @Transactional(readOnly = true)
    public Optional<Link> live(TenantId tenant, String slug, String chatId, String memberId) {
        return jdbc.sql("""
                select id, created_at, created_by from community.check_in_link
                where tenant_id = ? and chat_id = ? and member_id = ? and revoked_at is null
                """)
                .params(tenant.value(), chatId, memberId)
                .query((rs, row) -> new Link(
                        rs.getLong("id"),
                        chatId,
                        memberId,
                        token(tenant, slug, rs.getLong("id"), chatId, memberId),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getString("created_by")))
                .optional();
    }

    /** The live link a claim names, when its tag is right; a forged, altered or revoked token resolves to nothing. */
    @Transactional(readOnly = true)
    public Optional<Link> resolve(TenantId tenant, Claim claim) {
        return jdbc.sql("""
                select chat_id, member_id, created_at, created_by from community.check_in_link
                where tenant_id = ? and id = ? and revoked_at is null
                """)
                .params(tenant.value(), claim.linkId())
                .query((rs, row) -> new Link(
                        claim.linkId(),
                        rs.getString("chat_id"),
                        rs.getString("member_id"),
                        claim.slug() + "." + claim.linkId() + "." + ENCODER.encodeToString(claim.tag()),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getString("created_by")))
                .optional()
                .filter(link -> MessageDigest.isEqual(
                        claim.tag(), tag(tenant, claim.linkId(), link.chatId(), link.memberId())));
    }

    private String token(TenantId tenant, String slug, long id, String chatId, String memberId) {
        return slug + "." + id + "." + ENCODER.encodeToString(tag(tenant, id, chatId, memberId));
    }

    private byte[] tag(TenantId tenant, long id, String chatId, String memberId) {
        // Lengths first, so no two (group, member) pairs can be written as the same string.
        String message = tenant.value() + "|" + id + "|" + chatId.length() + ":" + chatId + "|" + memberId.length()
                + ":" + memberId;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(tenant), "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    private byte[] key(TenantId tenant) {
        return box.derive("moat/check-in-link/v1/workspace/" + tenant.value());
    }
}
