package io.moat.wecom.sync;

import io.moat.shared.TenantId;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Reads the mirror for the console and the API: staff, and customers with their follow relations, by key. */
@Component
@Transactional(readOnly = true)
public class MirrorQueries {

    private final JdbcClient jdbc;

    MirrorQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record StaffView(String userId, String name, List<Long> departments, int status, boolean active) {}

    public record FollowView(
            String userId,
            @Nullable String state,
            @Nullable Integer addWay,
            @Nullable OffsetDateTime addedAt,
            @Nullable String remark,
            boolean active,
            @Nullable String removedBy) {}

    public record ContactView(String externalUserId, String name, int type, List<FollowView> follows) {}

    public record ContactPage(
            List<ContactView> items, long total, @Nullable String next) {}

    public List<StaffView> staff(TenantId tenant) {
        return jdbc.sql("""
                select user_id, name, departments, status, active from wecom.staff
                where tenant_id = ? order by active desc, name, user_id
                """)
                .param(tenant.value())
                .query((row, n) -> new StaffView(
                        row.getString(1),
                        row.getString(2),
                        List.of((Long[]) row.getArray(3).getArray()),
                        row.getInt(4),
                        row.getBoolean(5)))
                .list();
    }

    public ContactPage contacts(TenantId tenant, @Nullable String after, int limit) {
        Map<String, ContactView> page = new LinkedHashMap<>();
        jdbc.sql("""
                select external_user_id, name, type from wecom.contact
                where tenant_id = ? and external_user_id > ? order by external_user_id limit ?
                """)
                .params(tenant.value(), after == null ? "" : after, limit)
                .query((row, n) ->
                        new ContactView(row.getString(1), row.getString(2), row.getInt(3), new ArrayList<>()))
                .list()
                .forEach(contact -> page.put(contact.externalUserId(), contact));
        if (!page.isEmpty()) {
            jdbc.sql("""
                    select external_user_id, user_id, state, add_way, added_at, remark, active, removed_by
                    from wecom.follow where tenant_id = ? and external_user_id = any(?) order by added_at
                    """)
                    .params(tenant.value(), page.keySet().toArray(String[]::new))
                    .query((row, n) -> {
                        page.get(row.getString(1))
                                .follows()
                                .add(new FollowView(
                                        row.getString(2),
                                        row.getString(3),
                                        (Integer) row.getObject(4),
                                        row.getObject(5, OffsetDateTime.class),
                                        row.getString(6),
                                        row.getBoolean(7),
                                        row.getString(8)));
                        return null;
                    })
                    .list();
        }
        long total = jdbc.sql("select count(*) from wecom.contact where tenant_id = ?")
                .param(tenant.value())
                .query(Long.class)
                .single();
        List<ContactView> items = List.copyOf(page.values());
        String next = items.size() == limit ? items.getLast().externalUserId() : null;
        return new ContactPage(items, total, next);
    }
}
