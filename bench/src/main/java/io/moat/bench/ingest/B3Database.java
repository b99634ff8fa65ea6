package io.moat.bench.ingest;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * A fresh embedded PostgreSQL 17 for B3 (zonky, as the moat module runs it) with its data under {@code bench/target}:
 * Moat's own migrations applied with Flyway as the owner, Moat's application login (no BYPASSRLS), the B3 table
 * (PK + customer index) and the per-customer profile table every peer upserts into.
 */
final class B3Database implements AutoCloseable {

    static final String DATABASE = "moat";
    static final String APP_ROLE = "moat_app";
    static final String APP_PASSWORD = "moat";

    private final EmbeddedPostgres postgres;

    private B3Database(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static B3Database start(Path dataDir) throws IOException, SQLException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(true)
                .setPGStartupWait(Duration.ofSeconds(120))
                // zonky starts PostgreSQL with -F (fsync off) and synchronous_commit off; B3 wants a durable server
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("timezone", "UTC")
                .setServerConfig("shared_buffers", "2GB")
                .setServerConfig("max_wal_size", "16GB")
                .setServerConfig("checkpoint_timeout", "30min")
                .setServerConfig("work_mem", "64MB")
                .setServerConfig("maintenance_work_mem", "512MB")
                .start();
        var database = new B3Database(postgres);
        database.prepare();
        return database;
    }

    String url(String options) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE + options;
    }

    Connection owner(String options) throws SQLException {
        return DriverManager.getConnection(url(options), "postgres", "postgres");
    }

    Connection app() throws SQLException {
        return DriverManager.getConnection(url(""), APP_ROLE, APP_PASSWORD);
    }

    String show(String setting) throws SQLException {
        try (Connection connection = owner("");
                Statement statement = connection.createStatement();
                var row = statement.executeQuery("select current_setting('" + setting + "')")) {
            row.next();
            return row.getString(1);
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = owner("");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void prepare() throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + DATABASE);
            statement.execute(
                    "create role " + APP_ROLE + " login nosuperuser nobypassrls password '" + APP_PASSWORD + "'");
        }
        Flyway.configure()
                .dataSource(url(""), "postgres", "postgres")
                .locations("classpath:db/migration")
                .placeholders(Map.of("app_role", APP_ROLE))
                .load()
                .migrate();
        execute("""
                create schema bench;
                grant usage on schema bench to moat_app;
                create table bench.b3_order (
                    id        bigint primary key,
                    customer  bigint not null,
                    time      timestamptz not null,
                    amount    bigint not null,
                    sku       text not null,
                    channel   text not null
                );
                create index b3_order_customer_idx on bench.b3_order (customer);
                create table bench.b3_profile (
                    customer       bigint primary key,
                    orders         bigint not null,
                    spent_fen      bigint not null,
                    last_order_at  timestamptz not null
                );
                grant select, insert, update on bench.b3_profile to moat_app;
                -- Every run starts from a TRUNCATE, which leaves the statistics unknown (reltuples -1) so the planner
                -- goes by the physical size. An autovacuum ANALYZE that catches a table empty records reltuples 0
                -- instead, and the foreign-key check of every order line then picks orders_created_idx
                -- (tenant_id, created_at) over the primary key: a scan of the tenant's orders per line, quadratic.
                alter table commerce.orders set (autovacuum_enabled = false);
                alter table commerce.order_line set (autovacuum_enabled = false);
                alter table bench.b3_order set (autovacuum_enabled = false);
                alter table bench.b3_profile set (autovacuum_enabled = false);
                """);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
