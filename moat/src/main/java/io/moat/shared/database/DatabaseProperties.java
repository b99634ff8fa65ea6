package io.moat.shared.database;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Moat keeps its data. Without {@code url} Moat runs its own PostgreSQL under {@code dataDir}.
 *
 * @param url an external server ({@code MOAT_DB_URL}); blank means embedded
 * @param user the owner login used for migrations ({@code MOAT_DB_USER})
 * @param password the owner's password ({@code MOAT_DB_PASSWORD})
 * @param appRole the non-owner login the application queries with, so row-level security applies to it
 * @param appPassword the application login's password; defaults to the owner's
 * @param dataDir the folder for the embedded server's files and the logs
 * @param embedded settings of the embedded server
 */
@ConfigurationProperties("moat.db")
public record DatabaseProperties(
        @Nullable String url,
        @DefaultValue("postgres") String user,
        @Nullable String password,
        @DefaultValue("moat_app") String appRole,
        @Nullable String appPassword,
        @DefaultValue("data") Path dataDir,
        @DefaultValue Embedded embedded) {

    public boolean isEmbedded() {
        return url == null || url.isBlank();
    }

    public String effectiveAppPassword() {
        if (appPassword != null && !appPassword.isBlank()) {
            return appPassword;
        }
        return password == null ? "" : password;
    }

    /**
     * @param port a fixed port, or 0 for any free one
     * @param sharedPerJvm keep one server for every application context in this JVM (tests)
     * @param clean wipe the data folder before starting (tests)
     * @param timezone the server's time zone
     */
    public record Embedded(
            @DefaultValue("0") int port,
            @DefaultValue("false") boolean sharedPerJvm,
            @DefaultValue("false") boolean clean,
            @DefaultValue("UTC") String timezone) {}
}
