package io.moat.commerce.order;

import io.moat.commerce.Platform;
import io.moat.shared.TenantId;
import java.util.Collection;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One transaction-scoped advisory lock per workspace and platform, taken by every writer of {@code commerce.orders}
 * before it decides which of its orders are new. {@link BulkOrderLoad} looks the numbers up once and then writes the
 * new orders without {@code ON CONFLICT}; without the lock, another load committing the same number between the
 * look-up and the write would fail the whole load on the unique key. Locks are taken in platform order so two
 * writers never wait on each other in a circle.
 */
final class OrderNumberLocks {

    private OrderNumberLocks() {}

    static void lock(JdbcClient jdbc, TenantId tenant, Collection<Platform> platforms) {
        for (Platform platform : new TreeSet<>(platforms)) {
            jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))")
                    .param("commerce.orders/" + tenant.value() + "/" + platform.code())
                    .query()
                    .singleValue();
        }
    }
}
