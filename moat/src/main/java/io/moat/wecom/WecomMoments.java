package io.moat.wecom;

import io.moat.shared.Problem;
import io.moat.shared.TenantId;
import io.moat.wecom.client.WecomApi;
import io.moat.wecom.client.WecomApiException;
import io.moat.wecom.client.WecomClients;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * WeCom's enterprise Moments (客户朋友圈) for other modules, in plain values: create a post task for staff members
 * with a visibility by corp tag ({@code add_moment_task}, asynchronous), and read the job's result ({@code
 * get_moment_task_result}). Each member still publishes the post in the client. Calls are governed and retried like
 * every WeCom call; a refusal is {@link Refused} with WeCom's errcode. Call inside the workspace's scope.
 */
@Component
public class WecomMoments {

    private final WecomClients clients;

    WecomMoments(WecomClients clients) {
        this.clients = clients;
    }

    /** A finished job: the moment's id if WeCom created it, else WeCom's errcode; senders WeCom refused. */
    public record Job(int errcode, @Nullable String momentId, List<String> invalidSenders) {}

    /** WeCom refused the call after retries; {@code errcode} is WeCom's (-1 when it could not be reached). */
    public static final class Refused extends RuntimeException {
        private final int errcode;

        Refused(WecomApiException cause) {
            super(cause.getMessage(), cause);
            this.errcode = cause.errcode();
        }

        public int errcode() {
            return errcode;
        }
    }

    /** Starts the post task; answers WeCom's job id (valid 24 hours). */
    public String post(
            TenantId tenant,
            List<String> senders,
            List<String> corpTagIds,
            String text,
            List<WecomMassMessages.Piece> pieces) {
        try {
            return api(tenant)
                    .addMomentTask(
                            senders,
                            corpTagIds,
                            text,
                            pieces.stream().map(WecomMassMessages::attachment).toList());
        } catch (WecomApiException e) {
            throw new Refused(e);
        }
    }

    /** The job's result, or empty while WeCom is still creating the moment. */
    public Optional<Job> result(TenantId tenant, String jobId) {
        try {
            return api(tenant).momentTaskResult(jobId).map(j -> new Job(j.errcode(), j.momentId(), j.invalidSenders()));
        } catch (WecomApiException e) {
            throw new Refused(e);
        }
    }

    public boolean configured(TenantId tenant) {
        return clients.forTenant(tenant).isPresent();
    }

    private WecomApi api(TenantId tenant) {
        return clients.forTenant(tenant)
                .orElseThrow(() -> new Problem(
                        HttpStatus.CONFLICT, "wecom-not-configured", "Configure WeCom for this workspace first."));
    }
}
