package io.moat.shared.database;

import io.moat.shared.context.CallContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * Starts every transaction by telling PostgreSQL whom it runs for. The settings are transaction-local
 * ({@code set_config(…, true)}), so a pooled connection never carries one tenant's scope into another's work.
 */
class TenantScopedTransactions extends JdbcTransactionManager {

    private static final String SCOPE_SQL = "select set_config('moat.tenant_id', ?, true),"
            + " set_config('moat.account_id', ?, true), set_config('moat.token_hash', ?, true),"
            + " set_config('moat.directory', ?, true)";

    TenantScopedTransactions(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition)
            throws SQLException {
        super.prepareTransactionalConnection(connection, definition);
        CallContext context = CallContext.current();
        try (PreparedStatement scope = connection.prepareStatement(SCOPE_SQL)) {
            scope.setString(1, context.tenant() == null ? "" : context.tenant().toString());
            scope.setString(
                    2, context.accountId() == null ? "" : context.accountId().toString());
            scope.setString(3, context.presentedTokenHash() == null ? "" : context.presentedTokenHash());
            scope.setString(4, context.directory() ? "on" : "");
            scope.execute();
        }
    }

    // The three overrides mark where a transaction of ours is in its ending (CommitPhase), for code called back by
    // another synchronization; a participating (inner) commit is no commit on the database and is not marked.
    @Override
    protected void prepareForCommit(DefaultTransactionStatus status) {
        super.prepareForCommit(status);
        if (status.isNewTransaction() && status.isNewSynchronization()) {
            CommitPhase.commitStarts();
        }
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        CommitPhase.end();
        super.doCommit(status);
    }

    @Override
    protected void doRollback(DefaultTransactionStatus status) {
        CommitPhase.end();
        super.doRollback(status);
    }
}
