package io.moat.audiences.internal;

import io.moat.customers.CustomerId;
import io.moat.customers.CustomerLookup;
import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.wecom.GroupDismissed;
import io.moat.wecom.MembersJoined;
import io.moat.wecom.MembersLeft;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who is in which customer group, as WeCom reports joins, leaves and dismissed groups: kept in {@code
 * audiences.group_member} (so a rebuilt index has it) and applied to the index at once for the customers concerned.
 * Members WeCom names that are not customers (staff, people the workspace does not know) are skipped. Each event is
 * handled after its transaction commits, in a transaction of its own; replays are harmless.
 */
@Component
class GroupMembership {

    private final CustomerLookup lookup;
    private final JdbcClient jdbc;
    private final AudienceIndex index;
    private final TransactionTemplate transactions;

    GroupMembership(CustomerLookup lookup, JdbcClient jdbc, AudienceIndex index, PlatformTransactionManager manager) {
        this.lookup = lookup;
        this.jdbc = jdbc;
        this.index = index;
        this.transactions = new TransactionTemplate(manager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @TransactionalEventListener
    void on(MembersJoined joined) {
        List<CustomerId> customers = inTenant(joined.tenant(), () -> {
            List<CustomerId> found = customers(joined.tenant(), joined.memberIds());
            for (CustomerId customer : found) {
                jdbc.sql("""
                        insert into audiences.group_member (tenant_id, chat_id, customer_id, joined_at)
                        values (?, ?, ?, ?) on conflict do nothing""")
                        .params(
                                joined.tenant().value(),
                                joined.chatId(),
                                customer.value(),
                                joined.at().atOffset(ZoneOffset.UTC))
                        .update();
            }
            return found;
        });
        index.refresh(joined.tenant(), customers);
    }

    @TransactionalEventListener
    void on(MembersLeft left) {
        List<CustomerId> customers = inTenant(left.tenant(), () -> {
            List<CustomerId> found = customers(left.tenant(), left.memberIds());
            jdbc.sql("delete from audiences.group_member where tenant_id = ? and chat_id = ? and customer_id = any(?)")
                    .params(
                            left.tenant().value(),
                            left.chatId(),
                            found.stream().map(CustomerId::value).toArray(Long[]::new))
                    .update();
            return found;
        });
        index.refresh(left.tenant(), customers);
    }

    @TransactionalEventListener
    void on(GroupDismissed dismissed) {
        List<CustomerId> customers = inTenant(dismissed.tenant(), () -> jdbc.sql(
                        "delete from audiences.group_member where tenant_id = ? and chat_id = ? returning customer_id")
                .params(dismissed.tenant().value(), dismissed.chatId())
                .query((row, n) -> new CustomerId(row.getLong(1)))
                .list());
        index.refresh(dismissed.tenant(), customers);
    }

    private List<CustomerId> customers(TenantId tenant, List<String> memberIds) {
        List<CustomerId> customers = new ArrayList<>();
        for (String member : memberIds) {
            lookup.byExternalUserId(tenant, member).ifPresent(customers::add);
        }
        return customers;
    }

    private <T> T inTenant(TenantId tenant, java.util.function.Supplier<T> work) {
        return CallContext.forTenant(tenant, "audiences").call(() -> transactions.execute(status -> work.get()));
    }
}
