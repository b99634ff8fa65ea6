package io.moat.tasks.internal;

import io.moat.shared.TenantId;
import io.moat.tasks.NewTask;
import io.moat.tasks.Task;
import io.moat.tasks.TaskFilter;
import io.moat.tasks.TaskId;
import io.moat.tasks.TaskStatus;
import io.moat.tasks.TaskSubject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The {@code tasks.task} table. Call inside a transaction in the workspace's scope. */
@Repository
public class TaskStore {

    private static final String COLUMNS = """
            id, kind, assignee, customer_id, external_user_id, chat_id, title, body, evidence::text as evidence, due_at,
            status, source_key, created_by, created_at, closed_by, closed_at, closing_note
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    TaskStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Inserts the task unless its source key is taken; empty means it already existed. */
    public Optional<TaskId> insert(TenantId tenant, NewTask task, String createdBy, Instant now) {
        return jdbc.sql("""
                insert into tasks.task (tenant_id, kind, assignee, customer_id, external_user_id, chat_id, title, body,
                    evidence, due_at, source_key, created_by, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?)
                on conflict (tenant_id, source_key) where source_key is not null do nothing
                returning id
                """)
                .params(
                        tenant.value(),
                        task.kind(),
                        task.assignee(),
                        task.subject().customerId(),
                        task.subject().externalUserId(),
                        task.subject().chatId(),
                        task.title(),
                        task.body(),
                        json.writeValueAsString(task.evidence()),
                        offset(task.dueAt()),
                        task.sourceKey(),
                        createdBy,
                        offset(now))
                .query(Long.class)
                .optional()
                .map(TaskId::new);
    }

    public Optional<Task> find(TenantId tenant, TaskId id) {
        return jdbc.sql("select " + COLUMNS + " from tasks.task where tenant_id = ? and id = ?")
                .params(tenant.value(), id.value())
                .query(TaskStore::task)
                .optional();
    }

    public Optional<Task> bySource(TenantId tenant, String sourceKey) {
        return jdbc.sql("select " + COLUMNS + " from tasks.task where tenant_id = ? and source_key = ?")
                .params(tenant.value(), sourceKey)
                .query(TaskStore::task)
                .optional();
    }

    /** Closes an open task; false when it was not open (closed already, or unknown). */
    public boolean close(TenantId tenant, TaskId id, TaskStatus status, String by, @Nullable String note, Instant at) {
        return jdbc.sql("""
                update tasks.task set status = ?, closed_by = ?, closed_at = ?, closing_note = ?
                where tenant_id = ? and id = ? and status = 'open'
                """)
                        .params(status.code(), by, offset(at), note, tenant.value(), id.value())
                        .update()
                == 1;
    }

    /** Marks open tasks whose due time has passed as expired; returns them. */
    public List<Task> expire(TenantId tenant, Instant now) {
        return jdbc.sql("""
                update tasks.task set status = 'expired', closed_by = 'system', closed_at = ?
                where tenant_id = ? and status = 'open' and due_at <= ?
                returning
                """ + COLUMNS)
                .params(offset(now), tenant.value(), offset(now))
                .query(TaskStore::task)
                .list();
    }

    public List<Task> list(TenantId tenant, TaskFilter filter) {
        var sql = new StringBuilder("select " + COLUMNS + " from tasks.task where tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(tenant.value()));
        if (filter.assignee() != null) {
            sql.append(" and assignee = ?");
            params.add(filter.assignee());
        }
        if (filter.status() != null) {
            sql.append(" and status = ?");
            params.add(filter.status().code());
        }
        if (filter.kind() != null) {
            sql.append(" and kind = ?");
            params.add(filter.kind());
        }
        if (filter.chatId() != null) {
            sql.append(" and chat_id = ?");
            params.add(filter.chatId());
        }
        if (filter.beforeId() != null) {
            sql.append(" and id < ?");
            params.add(filter.beforeId());
        }
        sql.append(" order by id desc limit ?");
        params.add(filter.limit());
        return jdbc.sql(sql.toString()).params(params).query(TaskStore::task).list();
    }

    private static Task task(ResultSet rs, int row) throws SQLException {
        Object customer = rs.getObject("customer_id");
        return new Task(
                new TaskId(rs.getLong("id")),
                rs.getString("kind"),
                rs.getString("assignee"),
                new TaskSubject(
                        customer == null ? null : ((Number) customer).longValue(),
                        rs.getString("external_user_id"),
                        rs.getString("chat_id")),
                rs.getString("title"),
                rs.getString("body"),
                rs.getString("evidence"),
                instant(rs.getTimestamp("due_at")),
                TaskStatus.ofCode(rs.getString("status")).orElseThrow(),
                rs.getString("source_key"),
                rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("closed_by"),
                instant(rs.getTimestamp("closed_at")),
                rs.getString("closing_note"));
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static java.time.@Nullable OffsetDateTime offset(@Nullable Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
