package io.moat.community.internal;

import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The keyword library: what groups ask most, with the answer staff paste (in-group auto-reply is a WeCom admin
 * setting, not an API). Every archived group message counts once against each keyword it contains.
 */
@Component
@Transactional
public class Keywords {

    private final JdbcClient jdbc;

    Keywords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Keyword(
            long id,
            String keyword,
            String reply,
            long hits,
            @Nullable Instant lastHitAt) {}

    @Transactional(readOnly = true)
    public List<Keyword> list(TenantId tenant) {
        return jdbc.sql("""
                select id, keyword, reply, hits, last_hit_at from community.keyword where tenant_id = ?
                order by hits desc, keyword
                """)
                .param(tenant.value())
                .query((rs, row) -> new Keyword(
                        rs.getLong("id"),
                        rs.getString("keyword"),
                        rs.getString("reply"),
                        rs.getLong("hits"),
                        rs.getTimestamp("last_hit_at") == null
                                ? null
                                : rs.getTimestamp("last_hit_at").toInstant()))
                .list();
    }

    public Keyword add(TenantId tenant, String keyword, String reply, Instant now) {
        Long id = jdbc.sql("""
                insert into community.keyword (tenant_id, keyword, reply, created_at) values (?, ?, ?, ?)
                on conflict do nothing returning id
                """)
                .params(tenant.value(), keyword, reply, GroupRegistry.at(now))
                .query(Long.class)
                .optional()
                .orElseThrow(() -> new Problem(
                        HttpStatus.CONFLICT,
                        "keyword-exists",
                        "'" + keyword + "' is in the library already.",
                        "keyword"));
        return new Keyword(id, keyword, reply, 0, null);
    }

    public void remove(TenantId tenant, long id) {
        if (jdbc.sql("delete from community.keyword where tenant_id = ? and id = ?")
                        .params(tenant.value(), id)
                        .update()
                == 0) {
            throw new Problem(HttpStatus.NOT_FOUND, "keyword-not-found", "There is no keyword " + id + ".");
        }
    }

    static void count(JdbcClient jdbc, TenantId tenant, String text, Instant at) {
        if (text.isBlank()) {
            return;
        }
        jdbc.sql("""
                update community.keyword set hits = hits + 1, last_hit_at = greatest(last_hit_at, ?)
                where tenant_id = ? and strpos(lower(?), lower(keyword)) > 0
                """).params(GroupRegistry.at(at), tenant.value(), text).update();
    }
}
