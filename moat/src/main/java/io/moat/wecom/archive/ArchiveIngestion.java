package io.moat.wecom.archive;

import io.moat.shared.TenantId;
import io.moat.shared.context.CallContext;
import io.moat.wecom.CustomerMessageArchived;
import io.moat.wecom.GroupMessagesArchived;
import io.moat.wecom.archive.GroupMessageSource.ArchivedMessage;
import io.moat.wecom.config.CorpConfigs;
import io.moat.workspace.WorkspaceDirectory;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pulls each workspace's archive feed in sequence order. A page's messages and the advanced cursor commit together,
 * and messages are keyed by msgid, so a crash or an overlapping pull never stores a message twice. WeCom keeps
 * archive data for five days only, hence a frequent pull.
 */
@Component
public class ArchiveIngestion {

    static final int PAGE = 1000;
    static final int MAX_PAGES_PER_PULL = 20;
    private static final Logger log = LoggerFactory.getLogger(ArchiveIngestion.class);

    private final CorpConfigs configs;
    private final WorkspaceDirectory directory;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ArchiveIngestion(
            CorpConfigs configs,
            WorkspaceDirectory directory,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            ApplicationEventPublisher events,
            JsonMapper json,
            Clock clock) {
        this.configs = configs;
        this.directory = directory;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${moat.wecom.archive.pull-interval:30s}", initialDelayString = "10s")
    void pullAll() {
        for (var workspace : directory.all()) {
            try {
                pull(workspace.tenant());
            } catch (RuntimeException e) {
                log.warn("Archive pull for {} failed: {}", workspace.slug(), e.getMessage());
            }
        }
    }

    /** Pulls what is new for one workspace; returns how many messages were stored. */
    public int pull(TenantId tenant) {
        return CallContext.forTenant(tenant, "wecom-archive").call(() -> {
            Optional<URI> feed = configs.archiveFeed(tenant);
            if (feed.isEmpty()) {
                return 0;
            }
            GroupMessageSource source = new JsonFeedMessageSource(feed.get(), http, json);
            int stored = 0;
            for (int page = 0; page < MAX_PAGES_PER_PULL; page++) {
                long after = cursor(tenant);
                List<ArchivedMessage> messages = source.after(after, PAGE);
                if (messages.isEmpty()) {
                    break;
                }
                stored += transactions.execute(status -> store(tenant, messages));
                if (messages.size() < PAGE) {
                    break;
                }
            }
            return stored;
        });
    }

    private long cursor(TenantId tenant) {
        return transactions.execute(status -> jdbc.sql("select last_seq from wecom.archive_cursor where tenant_id = ?")
                .param(tenant.value())
                .query(Long.class)
                .optional()
                .orElse(0L));
    }

    /** WeCom's external_userids start with wm or wo; staff userids are the corp's own. */
    private static boolean fromCustomer(String from) {
        return from.startsWith("wm") || from.startsWith("wo");
    }

    private int store(TenantId tenant, List<ArchivedMessage> messages) {
        int stored = 0;
        long last = 0;
        var published = new java.util.ArrayList<GroupMessagesArchived.Message>();
        for (ArchivedMessage message : messages) {
            last = Math.max(last, message.seq());
            int inserted = jdbc.sql("""
                    insert into wecom.archived_message
                        (tenant_id, seq, msg_id, room_id, sender, sent_at, msg_type, action, content)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing
                    """)
                    .params(
                            tenant.value(),
                            message.seq(),
                            message.msgId(),
                            message.roomId(),
                            message.from(),
                            message.sentAt().atOffset(ZoneOffset.UTC),
                            message.type(),
                            message.action(),
                            message.content())
                    .update();
            stored += inserted;
            if (inserted == 1 && message.roomId() != null && "send".equals(message.action())) {
                published.add(new GroupMessagesArchived.Message(
                        message.msgId(), message.roomId(), message.from(), message.type(), message.sentAt()));
            }
            if (inserted == 1
                    && message.roomId() == null
                    && "send".equals(message.action())
                    && fromCustomer(message.from())) {
                events.publishEvent(new CustomerMessageArchived(
                        tenant, message.msgId(), message.from(), message.type(), message.content(), message.sentAt()));
            }
        }
        jdbc.sql("""
                insert into wecom.archive_cursor (tenant_id, last_seq, pulled_at) values (?, ?, ?)
                on conflict (tenant_id) do update set last_seq = greatest(wecom.archive_cursor.last_seq, excluded.last_seq),
                    pulled_at = excluded.pulled_at
                """)
                .params(tenant.value(), last, clock.instant().atOffset(ZoneOffset.UTC))
                .update();
        if (!published.isEmpty()) {
            events.publishEvent(new GroupMessagesArchived(tenant, List.copyOf(published)));
        }
        return stored;
    }
}
