package io.moat.messaging.internal;

import io.moat.customers.CustomerConsent;
import io.moat.customers.CustomerLookup;
import io.moat.messaging.SendReasons;
import io.moat.messaging.SendState;
import io.moat.shared.context.CallContext;
import io.moat.wecom.CustomerMessageArchived;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A customer who answers a stop word (退订, TD, …) one to one is opted out of marketing at once, and their sends that
 * have not reached WeCom yet are skipped. The whole message must be the stop word (ignoring case, spaces and
 * trailing punctuation), so "怎么退订会员？" is a question, not an opt-out.
 */
@Component
class StopWords {

    static final Set<String> WORDS = Set.of("退订", "td", "t", "取消订阅", "退订消息", "unsubscribe", "stop");

    private final CustomerLookup customers;
    private final CustomerConsent consent;
    private final SendLog log;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    StopWords(
            CustomerLookup customers,
            CustomerConsent consent,
            SendLog log,
            JdbcClient jdbc,
            PlatformTransactionManager transactions) {
        this.customers = customers;
        this.consent = consent;
        this.log = log;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    static boolean isStopWord(String text) {
        String word = text.strip().replaceAll("[。.!！~～\\s]+$", "").toLowerCase(Locale.ROOT);
        return WORDS.contains(word);
    }

    @TransactionalEventListener
    void on(CustomerMessageArchived message) {
        if (message.text() == null || !isStopWord(message.text())) {
            return;
        }
        CallContext.forTenant(message.tenant(), "stop-word")
                .run(() -> transactions.executeWithoutResult(status -> customers
                        .byExternalUserId(message.tenant(), message.externalUserId())
                        .ifPresent(customer -> {
                            consent.optOutOnRequest(
                                    message.tenant(), customer, "stop word", "message:" + message.msgId());
                            List<Long> waiting = jdbc.sql("""
                                    select id from messaging.send
                                    where tenant_id = ? and customer_id = ? and channel = 'customer'
                                      and state in ('pending', 'held', 'queued')
                                    """)
                                    .params(message.tenant().value(), customer.value())
                                    .query(Long.class)
                                    .list();
                            log.settle(
                                    message.tenant(),
                                    waiting,
                                    SendState.SKIPPED,
                                    SendReasons.OPTED_OUT,
                                    message.sentAt());
                        })));
    }
}
