package io.moat.shared.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 started from the binaries on the classpath, its files kept under the data folder so the
 * data survives restarts. Tests share one server per JVM.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

    static final String DATABASE = "moat";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Map<Path, EmbeddedPostgresServer> SHARED = new ConcurrentHashMap<>();

    private final EmbeddedPostgres postgres;
    private final boolean shared;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, boolean shared) {
        this.postgres = postgres;
        this.shared = shared;
    }

    static EmbeddedPostgresServer start(DatabaseProperties properties) {
        Path folder = properties.dataDir().resolve("postgres").toAbsolutePath().normalize();
        DatabaseProperties.Embedded settings = properties.embedded();
        if (!settings.sharedPerJvm()) {
            return launch(folder, settings, false);
        }
        return SHARED.computeIfAbsent(folder, key -> {
            EmbeddedPostgresServer server = launch(key, settings, true);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "embedded-postgres-stop"));
            return server;
        });
    }

    private static EmbeddedPostgresServer launch(Path folder, DatabaseProperties.Embedded settings, boolean shared) {
        try {
            Files.createDirectories(folder.getParent());
            log.info("Starting embedded PostgreSQL with its data in {}", folder);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(folder)
                    .setCleanDataDirectory(settings.clean())
                    .setPort(settings.port())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("timezone", settings.timezone())
                    .setServerConfig("max_connections", "200")
                    .start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, shared);
            server.createDatabaseIfMissing();
            log.info("Embedded PostgreSQL is up on port {}", postgres.getPort());
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + folder, e);
        }
    }

    private void createDatabaseIfMissing() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'");
            if (!exists.next()) {
                statement.execute("create database " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the database '" + DATABASE + "'", e);
        }
    }

    DatabaseEndpoint endpoint(DatabaseProperties properties) {
        String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
        return new DatabaseEndpoint(url, "postgres", "postgres", properties.appRole(), "moat");
    }

    @Override
    public void close() {
        if (!shared) {
            stop();
        }
    }

    private void stop() {
        try {
            log.info("Stopping embedded PostgreSQL");
            postgres.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
