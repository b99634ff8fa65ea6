package io.moat.community.internal;

import io.moat.shared.context.CallContext;
import io.moat.workspace.WorkspaceDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Each night, pulls yesterday's WeCom group statistics for the workspaces that have no message archive. */
@Component
class StatisticsNightly {

    private static final Logger log = LoggerFactory.getLogger(StatisticsNightly.class);

    private final OwnerStatistics statistics;
    private final WorkspaceDirectory directory;
    private final TransactionTemplate transactions;

    StatisticsNightly(OwnerStatistics statistics, WorkspaceDirectory directory, TransactionTemplate transactions) {
        this.statistics = statistics;
        this.directory = directory;
        this.transactions = transactions;
    }

    @Scheduled(cron = "${moat.community.statistics-cron:0 20 3 * * *}", zone = "Asia/Shanghai")
    void pullYesterday() {
        for (var workspace : directory.all()) {
            try {
                Integer pulled = CallContext.forTenant(workspace.tenant(), "group-statistics")
                        .call(() -> transactions.execute(
                                status -> statistics.source(workspace.tenant()) == OwnerStatistics.Source.ARCHIVE
                                        ? 0
                                        : statistics.pull(workspace.tenant(), statistics.lastFinishedDay())));
                log.debug("Pulled {} owners' group statistics of {}", pulled, workspace.slug());
            } catch (RuntimeException e) {
                log.warn("Pulling the group statistics of {} failed: {}", workspace.slug(), e.getMessage());
            }
        }
    }
}
