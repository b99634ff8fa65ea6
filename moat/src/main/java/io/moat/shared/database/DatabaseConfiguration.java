package io.moat.shared.database;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Two logins to one database: the owner migrates the schema, the application login (no ownership, no
 * BYPASSRLS) runs every query, so row-level security always applies to the application.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgres(DatabaseProperties properties) {
        return properties.isEmbedded() ? EmbeddedPostgresServer.start(properties) : null;
    }

    @Bean
    DatabaseEndpoint databaseEndpoint(DatabaseProperties properties, ObjectProvider<EmbeddedPostgresServer> embedded) {
        EmbeddedPostgresServer server = embedded.getIfAvailable();
        if (server != null) {
            return server.endpoint(properties);
        }
        String password = properties.password() == null ? "" : properties.password();
        return new DatabaseEndpoint(
                properties.url(), properties.user(), password, properties.appRole(), properties.effectiveAppPassword());
    }

    @Bean
    @FlywayDataSource
    DataSource ownerDataSource(DatabaseEndpoint endpoint) {
        var dataSource = new SimpleDriverDataSource();
        dataSource.setDriverClass(org.postgresql.Driver.class);
        dataSource.setUrl(endpoint.url());
        dataSource.setUsername(endpoint.ownerUser());
        dataSource.setPassword(endpoint.ownerPassword());
        return dataSource;
    }

    @Bean(destroyMethod = "close")
    @Primary
    HikariDataSource dataSource(DatabaseEndpoint endpoint) {
        var dataSource = new HikariDataSource();
        dataSource.setPoolName("moat");
        dataSource.setJdbcUrl(endpoint.url());
        dataSource.setUsername(endpoint.appUser());
        dataSource.setPassword(endpoint.appPassword());
        dataSource.setMaximumPoolSize(20);
        return dataSource;
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new TenantScopedTransactions(dataSource);
    }

    @Bean
    ApplicationRole applicationRole(DatabaseEndpoint endpoint) {
        return new ApplicationRole(endpoint.appUser(), endpoint.appPassword());
    }
}
