package io.moat.shared.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.moat.Api;
import io.moat.MoatApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code MOAT_DB_URL} points Moat at a server it does not run. Here that server is a separate PostgreSQL cluster
 * where, as on a managed service, the owner login is no superuser: it owns the database and may create roles,
 * nothing more. Moat must migrate, create its application login, and keep tenants apart there too.
 */
class ExternalDatabaseTests {

    static EmbeddedPostgres server;
    static ConfigurableApplicationContext moat;

    @BeforeAll
    static void startServerAndMoat() throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.zonky"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Path folder = Files.createTempDirectory("moat-external-pg");
        server = EmbeddedPostgres.builder()
                .setDataDirectory(folder.resolve("pg"))
                .setCleanDataDirectory(true)
                .start();
        try (Connection postgres = server.getPostgresDatabase().getConnection()) {
            postgres.createStatement().execute("create role brand_owner login createrole password 'owner-secret'");
            postgres.createStatement().execute("create database brand owner brand_owner");
        }
        String url = "jdbc:postgresql://localhost:" + server.getPort() + "/brand";
        moat = new SpringApplicationBuilder(MoatApplication.class)
                .run(
                        "--server.port=0",
                        "--moat.db.url=" + url,
                        "--moat.db.user=brand_owner",
                        "--moat.db.password=owner-secret",
                        "--moat.db.app-role=brand_app",
                        "--moat.db.app-password=app-secret",
                        "--moat.db.data-dir=" + folder,
                        "--moat.admin-password=external-admin-password",
                        "--logging.level.root=warn");
    }

    @AfterAll
    static void stop() throws Exception {
        if (moat != null) {
            moat.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void migratesServesAndKeepsTenantsApartOnAnExternalServer() throws Exception {
        int port = ((WebServerApplicationContext) moat).getWebServer().getPort();
        Api api = new Api(port);
        String admin = api.signIn("admin", "external-admin-password");
        String slug = api.newWorkspace(admin);
        assertThat(api.get("/api/v1/workspaces/" + slug, admin).status()).isEqualTo(200);

        try (Connection app = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + server.getPort() + "/brand", "brand_app", "app-secret")) {
            var row = app.createStatement().executeQuery("select count(*) from workspace.workspace");
            row.next();
            assertThat(row.getLong(1)).as("rows visible without a tenant").isZero();
        }
        try (Connection owner = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + server.getPort() + "/brand", "brand_owner", "owner-secret")) {
            var row = owner.createStatement().executeQuery("select count(*) from workspace.workspace");
            row.next();
            assertThat(row.getLong(1))
                    .as("forced security binds even the owner")
                    .isZero();
        }
        // The owner has no BYPASSRLS here, so no loader role was made: an import inserts instead of copying.
        var report = new io.moat.commerce.Uploads(port)
                .importAndWait(admin, slug, "taobao-orders-gbk.csv", "taobao", java.util.Map.of());
        assertThat(report.path("status").asString()).as(report.toString()).isEqualTo("completed");
        assertThat(report.path("imported").asInt()).isEqualTo(8);
        try (Connection owner = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + server.getPort() + "/brand", "brand_owner", "owner-secret")) {
            var row = owner.createStatement()
                    .executeQuery("select count(*) from pg_roles where rolname = 'brand_app_loader'");
            row.next();
            assertThat(row.getLong(1)).as("loader role").isZero();
        }
        assertThat(moat.getBeanProvider(EmbeddedPostgresServer.class).getIfAvailable())
                .as("embedded server")
                .isNull();
    }
}
