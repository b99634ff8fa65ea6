package io.moat.journeys.internal;

import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Journeys, their drafts and their published versions ({@code journeys.journey}, {@code journey_version}). */
@Component
@Transactional
public class JourneyStore {

    private final JdbcClient jdbc;

    JourneyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A journey as listed: its draft (JSON) and, once published, the latest version and its trigger kind. */
    public record JourneyRow(
            long id,
            String name,
            String status,
            String draft,
            @Nullable String template,
            @Nullable Integer latestVersion,
            @Nullable String triggerType,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {}

    /** A published version that enrols customers now. */
    public record Live(long journeyId, int version) {}

    private static final String SELECT = """
            select id, name, status, draft::text, template, latest_version, trigger_type, created_at, updated_at
            from journeys.journey where tenant_id = :tenant""";

    long create(TenantId tenant, String name, String draft, @Nullable String template, Instant now) {
        try {
            return jdbc.sql("""
                    insert into journeys.journey (tenant_id, name, draft, template, created_at, updated_at)
                    values (:tenant, :name, cast(:draft as jsonb), :template, :now, :now) returning id
                    """)
                    .param("tenant", tenant.value())
                    .param("name", name)
                    .param("draft", draft)
                    .param("template", template)
                    .param("now", utc(now))
                    .query(Long.class)
                    .single();
        } catch (DuplicateKeyException e) {
            throw nameTaken(name);
        }
    }

    public Optional<JourneyRow> find(TenantId tenant, long id) {
        return jdbc.sql(SELECT + " and id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .query(JourneyRow.class)
                .optional();
    }

    JourneyRow get(TenantId tenant, long id) {
        return find(tenant, id)
                .orElseThrow(() -> new Problem(HttpStatus.NOT_FOUND, "journey-not-found", "No journey " + id + "."));
    }

    /** Locks the journey row for the rest of the transaction (publishing, status changes). */
    JourneyRow lock(TenantId tenant, long id) {
        return jdbc.sql(SELECT + " and id = :id for update")
                .param("tenant", tenant.value())
                .param("id", id)
                .query(JourneyRow.class)
                .optional()
                .orElseThrow(() -> new Problem(HttpStatus.NOT_FOUND, "journey-not-found", "No journey " + id + "."));
    }

    public List<JourneyRow> list(TenantId tenant) {
        return jdbc.sql(SELECT + " and status <> 'archived' order by updated_at desc, id desc")
                .param("tenant", tenant.value())
                .query(JourneyRow.class)
                .list();
    }

    void saveDraft(TenantId tenant, long id, String name, String draft, Instant now) {
        try {
            jdbc.sql("""
                    update journeys.journey set name = :name, draft = cast(:draft as jsonb), updated_at = :now
                    where tenant_id = :tenant and id = :id
                    """)
                    .param("tenant", tenant.value())
                    .param("id", id)
                    .param("name", name)
                    .param("draft", draft)
                    .param("now", utc(now))
                    .update();
        } catch (DuplicateKeyException e) {
            throw nameTaken(name);
        }
    }

    /** Publishes the definition as the next version and makes the journey active; answers the version. */
    int publish(TenantId tenant, long id, String definition, String triggerType, String actor, Instant now) {
        JourneyRow journey = lock(tenant, id);
        int version = journey.latestVersion() == null ? 1 : journey.latestVersion() + 1;
        jdbc.sql("""
                insert into journeys.journey_version (tenant_id, journey_id, version, definition, published_at, published_by)
                values (:tenant, :id, :version, cast(:definition as jsonb), :now, :actor)
                """)
                .param("tenant", tenant.value())
                .param("id", id)
                .param("version", version)
                .param("definition", definition)
                .param("now", utc(now))
                .param("actor", actor)
                .update();
        jdbc.sql("""
                update journeys.journey set latest_version = :version, trigger_type = :trigger, updated_at = :now,
                    status = case when status = 'paused' then 'paused' else 'active' end
                where tenant_id = :tenant and id = :id
                """)
                .param("tenant", tenant.value())
                .param("id", id)
                .param("version", version)
                .param("trigger", triggerType)
                .param("now", utc(now))
                .update();
        return version;
    }

    void status(TenantId tenant, long id, String status, Instant now) {
        jdbc.sql(
                        "update journeys.journey set status = :status, updated_at = :now where tenant_id = :tenant and id = :id")
                .param("tenant", tenant.value())
                .param("id", id)
                .param("status", status)
                .param("now", utc(now))
                .update();
    }

    /** The latest versions of the active journeys with this trigger kind. */
    List<Live> live(TenantId tenant, String triggerType) {
        return jdbc.sql("""
                select id as journey_id, latest_version as version from journeys.journey
                where tenant_id = :tenant and status = 'active' and trigger_type = :trigger order by id
                """)
                .param("tenant", tenant.value())
                .param("trigger", triggerType)
                .query(Live.class)
                .list();
    }

    String definition(TenantId tenant, long journeyId, int version) {
        return jdbc.sql("""
                select definition::text from journeys.journey_version
                where tenant_id = ? and journey_id = ? and version = ?
                """)
                .params(tenant.value(), journeyId, version)
                .query(String.class)
                .single();
    }

    /** Published versions, newest first: number, when, by whom. */
    public record VersionRow(int version, OffsetDateTime publishedAt, String publishedBy) {}

    public List<VersionRow> versions(TenantId tenant, long journeyId) {
        return jdbc.sql("""
                select version, published_at, published_by from journeys.journey_version
                where tenant_id = ? and journey_id = ? order by version desc
                """)
                .params(tenant.value(), journeyId)
                .query(VersionRow.class)
                .list();
    }

    private static Problem nameTaken(String name) {
        return new Problem(HttpStatus.CONFLICT, "journey-name-taken", "A journey named " + name + " exists.", "name");
    }

    static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
