package io.moat.shared.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.moat.Api;
import io.moat.MoatTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two workspaces cannot see each other's rows even through raw SQL in the application's own login: row-level
 * security, not the application's WHERE clauses, keeps tenants apart.
 */
@MoatTest
class RowLevelSecurityTests {

    static final List<String> TENANT_TABLES =
            List.of("workspace.workspace", "workspace.member", "workspace.api_token", "workspace.audit_event");

    @LocalServerPort
    int port;

    @Autowired
    DataSource application;

    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;

    long tenantA;
    long tenantB;

    @BeforeEach
    void twoWorkspacesWithRows() {
        Api api = new Api(port);
        String admin = api.admin();
        String a = api.newWorkspace(admin);
        String b = api.newWorkspace(admin);
        for (String slug : List.of(a, b)) {
            api.post("/api/v1/workspaces/" + slug + "/api-tokens", admin, Map.of("name", "t", "role", "staff"));
        }
        var byOwner = new JdbcTemplate(owner);
        tenantA = byOwner.queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, a);
        tenantB = byOwner.queryForObject("select tenant_id from workspace.workspace where slug = ?", Long.class, b);
    }

    @Test
    void theApplicationLoginIsNeitherSuperuserNorBypassesSecurity() throws SQLException {
        try (Connection connection = application.getConnection()) {
            var row = connection
                    .createStatement()
                    .executeQuery("select rolsuper, rolbypassrls from pg_roles where rolname = current_user");
            row.next();
            assertThat(row.getBoolean(1)).isFalse();
            assertThat(row.getBoolean(2)).isFalse();
        }
    }

    @Test
    void withoutATenantSetAQuerySeesNothing() throws SQLException {
        assertThat(new JdbcTemplate(owner).queryForObject("select count(*) from workspace.member", Long.class))
                .isGreaterThanOrEqualTo(2);
        try (Connection connection = application.getConnection()) {
            for (String table : TENANT_TABLES) {
                assertThat(count(connection, "select count(*) from " + table))
                        .as(table)
                        .isZero();
            }
        }
    }

    @Test
    void aTenantSeesOnlyItsOwnRows() throws SQLException {
        try (Connection connection = application.getConnection()) {
            connection.setAutoCommit(false);
            scope(connection, tenantA);
            for (String table : TENANT_TABLES) {
                List<Long> tenants = tenantsIn(connection, table);
                assertThat(tenants).as(table).containsExactly(tenantA);
            }
            assertThat(count(connection, "select count(*) from workspace.audit_event where tenant_id = " + tenantB))
                    .isZero();
            connection.rollback();
        }
    }

    @Test
    void aTenantCannotWriteIntoAnother() throws SQLException {
        try (Connection connection = application.getConnection()) {
            connection.setAutoCommit(false);
            scope(connection, tenantA);
            int renamed = connection
                    .createStatement()
                    .executeUpdate("update workspace.workspace set name = 'hijacked' where tenant_id = " + tenantB);
            assertThat(renamed).isZero();
            assertThatThrownBy(() -> connection.createStatement().executeUpdate("""
                            insert into workspace.audit_event (tenant_id, occurred_at, actor, action)
                            values (%d, now(), 'intruder', 'forged')""".formatted(tenantB)))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("row-level security");
            connection.rollback();
        }
    }

    @Test
    void everyTableWithATenantColumnIsUnderForcedRowLevelSecurity() {
        List<Map<String, Object>> unprotected = new JdbcTemplate(owner).queryForList("""
                select n.nspname || '.' || c.relname as table_name
                from pg_class c
                join pg_namespace n on n.oid = c.relnamespace
                join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
                where c.relkind in ('r', 'p')
                  and n.nspname not in ('pg_catalog', 'information_schema')
                  and not (c.relrowsecurity and c.relforcerowsecurity)
                """);
        assertThat(unprotected).isEmpty();
    }

    private static void scope(Connection connection, long tenant) throws SQLException {
        connection.createStatement().execute("select set_config('moat.tenant_id', '" + tenant + "', true)");
    }

    private static long count(Connection connection, String sql) throws SQLException {
        var row = connection.createStatement().executeQuery(sql);
        row.next();
        return row.getLong(1);
    }

    private static List<Long> tenantsIn(Connection connection, String table) throws SQLException {
        var rows = connection.createStatement().executeQuery("select distinct tenant_id from " + table);
        List<Long> tenants = new ArrayList<>();
        while (rows.next()) {
            tenants.add(rows.getLong(1));
        }
        return tenants;
    }
}
