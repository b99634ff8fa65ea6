package io.moat.shared.database;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Where the current transaction is in its ending, for code that another synchronization calls back. Spring runs the
 * {@code beforeCommit} callbacks of the synchronizations registered before the commit began, so one registered from
 * inside such a callback (or from {@code afterCommit}) is never run, and data access from {@code afterCommit} joins a
 * transaction that has already committed. Code that defers work to the commit asks here first. The transaction
 * manager marks every transaction it commits or rolls back; a transaction no manager of ours runs is never marked.
 */
public final class CommitPhase implements TransactionSynchronization {

    private volatile boolean ended;

    private CommitPhase() {}

    /** The commit is under way and nothing has reached the database yet: a write now still commits with it. */
    public static boolean committing() {
        CommitPhase phase = current();
        return phase != null && !phase.ended;
    }

    /** The transaction has committed or rolled back (its after-completion callbacks may still run). */
    public static boolean ended() {
        CommitPhase phase = current();
        return phase != null && phase.ended;
    }

    /** Called by the transaction manager just before the {@code beforeCommit} callbacks of a new transaction. */
    static void commitStarts() {
        if (TransactionSynchronizationManager.isSynchronizationActive() && current() == null) {
            TransactionSynchronizationManager.registerSynchronization(new CommitPhase());
        }
    }

    /** Called by the transaction manager as it commits or rolls back a new transaction on the database. */
    static void end() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        CommitPhase phase = current();
        if (phase == null) {
            phase = new CommitPhase();
            TransactionSynchronizationManager.registerSynchronization(phase);
        }
        phase.ended = true;
    }

    private static @Nullable CommitPhase current() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof CommitPhase phase) {
                return phase;
            }
        }
        return null;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
