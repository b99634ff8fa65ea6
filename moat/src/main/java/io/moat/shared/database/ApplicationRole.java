package io.moat.shared.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Makes sure the application's login exists before migrations grant it rights. It is a plain login: not a
 * superuser, not an owner, no BYPASSRLS, so PostgreSQL applies every row-level security policy to it.
 */
final class ApplicationRole implements Callback {

    private final String name;
    private final String password;

    ApplicationRole(String name, String password) {
        this.name = name;
        this.password = password;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try {
            ensure(context.getConnection());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not prepare the application login '" + name + "'", e);
        }
    }

    private void ensure(Connection connection) throws SQLException {
        boolean exists;
        try (PreparedStatement find = connection.prepareStatement("select 1 from pg_roles where rolname = ?")) {
            find.setString(1, name);
            try (ResultSet row = find.executeQuery()) {
                exists = row.next();
            }
        }
        String verb = exists ? "alter" : "create";
        String ddl;
        try (PreparedStatement format = connection.prepareStatement(
                "select format('" + verb + " role %I login nosuperuser nobypassrls password %L', ?, ?)")) {
            format.setString(1, name);
            format.setString(2, password);
            try (ResultSet row = format.executeQuery()) {
                row.next();
                ddl = row.getString(1);
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(ddl);
        }
    }

    @Override
    public String getCallbackName() {
        return "moat-application-role";
    }
}
