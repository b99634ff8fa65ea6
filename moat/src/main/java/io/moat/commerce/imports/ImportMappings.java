package io.moat.commerce.imports;

import io.moat.commerce.export.HeaderMapping;
import io.moat.shared.TenantId;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The header mapping last used for each generic source, so a shop's next export imports without the wizard. */
@Component
class ImportMappings {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    ImportMappings(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    Optional<HeaderMapping> saved(TenantId tenant, String sourceName) {
        return jdbc.sql("select mapping::text from commerce.import_mapping where tenant_id = ? and source_name = ?")
                .params(tenant.value(), sourceName)
                .query(String.class)
                .optional()
                .map(this::read);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void save(TenantId tenant, String sourceName, HeaderMapping mapping) {
        jdbc.sql("""
                insert into commerce.import_mapping (tenant_id, source_name, mapping, updated_at)
                values (?, ?, cast(? as jsonb), ?)
                on conflict (tenant_id, source_name) do update set mapping = excluded.mapping,
                                                                   updated_at = excluded.updated_at
                """)
                .params(
                        tenant.value(),
                        sourceName,
                        write(mapping),
                        clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }

    String write(HeaderMapping mapping) {
        return json.writeValueAsString(mapping.columns());
    }

    HeaderMapping read(String text) {
        return new HeaderMapping(json.readValue(text, new TypeReference<Map<String, String>>() {}));
    }
}
