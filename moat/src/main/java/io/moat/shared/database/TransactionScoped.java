package io.moat.shared.database;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A value the current transaction keeps until it ends, such as what it has already read: made on first use, set aside
 * while an inner transaction of its own runs (suspend and resume), and dropped when the transaction completes.
 */
public final class TransactionScoped<T> {

    private final Supplier<T> fresh;

    public TransactionScoped(Supplier<T> fresh) {
        this.fresh = fresh;
    }

    /** The current transaction's value, or null outside a transaction. */
    @SuppressWarnings("unchecked")
    public @Nullable T get() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        T value = (T) TransactionSynchronizationManager.getResource(this);
        if (value == null) {
            T made = fresh.get();
            TransactionSynchronizationManager.bindResource(this, made);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void suspend() {
                    TransactionSynchronizationManager.unbindResource(TransactionScoped.this);
                }

                @Override
                public void resume() {
                    TransactionSynchronizationManager.bindResource(TransactionScoped.this, made);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(TransactionScoped.this);
                }
            });
            value = made;
        }
        return value;
    }
}
