package io.moat.commerce.imports;

import io.moat.shared.TenantId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams an import's progress as server-sent events for the console's progress bar: a {@code progress} event with
 * the counts whenever they change, and a last one once the job has finished, after which the stream ends. The
 * counts are read from the job's row, so any instance can serve the stream of a job another instance runs.
 *
 * <p>It writes on the request's own (virtual) thread rather than through {@code SseEmitter}: an emitter ends with
 * an asynchronous re-dispatch, which the stateless bearer-token security does not authenticate, so the stream
 * would be cut off instead of ending cleanly.
 */
@Component
public class ImportProgress {

    private static final Duration STREAM_LIMIT = Duration.ofMinutes(30);

    private final ImportJobs jobs;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration interval;

    ImportProgress(
            ImportJobs jobs,
            TransactionTemplate transactions,
            JsonMapper json,
            Clock clock,
            @Value("${moat.commerce.import.progress-interval:250ms}") Duration interval) {
        this.jobs = jobs;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.interval = interval;
    }

    /** One progress event's data. */
    public record Progress(
            long id, String status, long rowsRead, long imported, long updated, long duplicates, long rejected) {

        static Progress of(ImportJob job) {
            return new Progress(
                    job.id(),
                    job.status(),
                    job.rowsRead(),
                    job.imported(),
                    job.updated(),
                    job.duplicates(),
                    job.rejected());
        }
    }

    /** 404 for a job the workspace does not have; call before the response is committed. */
    public void requireJob(TenantId tenant, long id) {
        read(tenant, id).orElseThrow(() -> OrderImports.notFound(id));
    }

    /** Writes events until the job has finished (or the client has gone); call in the workspace's scope. */
    public void stream(TenantId tenant, long id, OutputStream out) {
        Instant deadline = clock.instant().plus(STREAM_LIMIT);
        Progress last = null;
        try {
            while (clock.instant().isBefore(deadline)) {
                Optional<ImportJob> job = read(tenant, id);
                if (job.isEmpty()) {
                    return;
                }
                Progress now = Progress.of(job.get());
                if (!now.equals(last)) {
                    send(out, now);
                    last = now;
                }
                if (!job.get().running()) {
                    return;
                }
                Thread.sleep(interval);
            }
        } catch (IOException e) {
            // the client went away: nothing to tell anyone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(OutputStream out, Progress progress) throws IOException {
        String event = "event:progress\nid:" + progress.id() + "-" + progress.rowsRead() + "-" + progress.imported()
                + "\ndata:" + json.writeValueAsString(progress) + "\n\n";
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private Optional<ImportJob> read(TenantId tenant, long id) {
        Optional<ImportJob> job = transactions.execute(status -> jobs.find(tenant, id));
        return job == null ? Optional.empty() : job;
    }
}
