package io.moat.wecom.web;

import io.moat.shared.Problem;
import io.moat.wecom.archive.ArchiveIngestion;
import io.moat.wecom.callback.Inbox;
import io.moat.wecom.client.WecomApiException;
import io.moat.wecom.client.WecomClients;
import io.moat.wecom.config.CorpConfigs;
import io.moat.wecom.config.CorpConfigs.CorpConfigView;
import io.moat.wecom.config.CorpConfigs.SaveCorpConfig;
import io.moat.wecom.sync.MirrorQueries;
import io.moat.wecom.sync.SyncRuns;
import io.moat.wecom.sync.WecomSync;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/wecom")
class WecomController {

    private final CorpConfigs configs;
    private final WecomClients clients;
    private final WecomSync sync;
    private final SyncRuns runs;
    private final MirrorQueries mirror;
    private final Inbox inbox;
    private final ArchiveIngestion archive;
    private final Clock clock;

    WecomController(
            CorpConfigs configs,
            WecomClients clients,
            WecomSync sync,
            SyncRuns runs,
            MirrorQueries mirror,
            Inbox inbox,
            ArchiveIngestion archive,
            Clock clock) {
        this.configs = configs;
        this.clients = clients;
        this.sync = sync;
        this.runs = runs;
        this.mirror = mirror;
        this.inbox = inbox;
        this.archive = archive;
        this.clock = clock;
    }

    record ConfigRequest(
            @Nullable String corpId,
            @NotNull Long agentId,
            @Nullable String secret,
            @Nullable String token,
            @Nullable String encodingAesKey,
            @Nullable String apiBaseUrl,
            @Nullable String archiveFeedUrl) {}

    record ConfigResponse(
            boolean configured,
            @Nullable String corpId,
            @Nullable Long agentId,
            @Nullable String apiBaseUrl,
            boolean secretSet,
            boolean tokenSet,
            boolean encodingAesKeySet,
            @Nullable String archiveFeedUrl,
            String callbackUrl,
            @Nullable OffsetDateTime updatedAt,
            CorpConfigs.@Nullable ConnectionCheck lastCheck) {}

    record CheckResponse(boolean ok, String detail, long latencyMs) {}

    record SyncStatusResponse(List<SyncRuns.SyncRun> runs, Inbox.Summary inbox) {}

    @GetMapping("/config")
    @RequiresPermission(Permission.WECOM_READ)
    ConfigResponse config(CurrentWorkspace workspace) {
        return response(workspace, configs.view(workspace.tenant()));
    }

    @PutMapping("/config")
    @RequiresPermission(Permission.WECOM_WRITE)
    ConfigResponse save(CurrentWorkspace workspace, @Valid @RequestBody ConfigRequest body) {
        var saved = configs.save(
                workspace.tenant(),
                new SaveCorpConfig(
                        body.corpId() == null ? "" : body.corpId(),
                        body.agentId(),
                        body.secret(),
                        body.token(),
                        body.encodingAesKey(),
                        body.apiBaseUrl(),
                        body.archiveFeedUrl()));
        return response(workspace, saved);
    }

    @PostMapping("/config/test")
    @RequiresPermission(Permission.WECOM_WRITE)
    CheckResponse test(CurrentWorkspace workspace) {
        var api = clients.forTenant(workspace.tenant())
                .orElseThrow(() -> new Problem(
                        HttpStatus.CONFLICT, "wecom-not-configured", "Configure WeCom for this workspace first."));
        long started = clock.millis();
        String detail;
        boolean ok;
        try {
            api.checkToken();
            ok = true;
            detail = "Access token obtained.";
        } catch (WecomApiException e) {
            ok = false;
            detail = "WeCom answered errcode " + e.errcode() + ": " + e.getMessage();
        }
        configs.recordCheck(workspace.tenant(), ok, detail);
        return new CheckResponse(ok, detail, clock.millis() - started);
    }

    @GetMapping("/sync")
    @RequiresPermission(Permission.WECOM_READ)
    SyncStatusResponse syncStatus(CurrentWorkspace workspace) {
        return new SyncStatusResponse(
                runs.recent(workspace.tenant(), 20), inbox.summary(workspace.tenant(), clock.instant()));
    }

    @PostMapping("/sync")
    @RequiresPermission(Permission.WECOM_WRITE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Long> startSync(CurrentWorkspace workspace) {
        return Map.of("id", sync.start(workspace.tenant(), "full"));
    }

    /**
     * Pulls the message archive now instead of at the next scheduled pull (every 30 s): what is new is stored and
     * projected before the answer, so someone who just connected the feed, or a driver that just wrote chat, sees it
     * at once. Answers how many messages were new.
     */
    @PostMapping("/archive/pull")
    @RequiresPermission(Permission.WECOM_WRITE)
    Map<String, Integer> pullArchive(CurrentWorkspace workspace) {
        return Map.of("stored", archive.pull(workspace.tenant()));
    }

    @GetMapping("/staff")
    @RequiresPermission(Permission.WECOM_READ)
    List<MirrorQueries.StaffView> staff(CurrentWorkspace workspace) {
        return mirror.staff(workspace.tenant());
    }

    @GetMapping("/contacts")
    @RequiresPermission(Permission.CUSTOMERS_READ)
    MirrorQueries.ContactPage contacts(
            CurrentWorkspace workspace,
            @RequestParam(required = false) @Nullable String after,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return mirror.contacts(workspace.tenant(), after, limit);
    }

    private static ConfigResponse response(CurrentWorkspace workspace, CorpConfigView view) {
        String callbackUrl = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/wecom/callback/{slug}")
                .buildAndExpand(workspace.slug())
                .toUriString();
        return new ConfigResponse(
                view.configured(),
                view.corpId(),
                view.agentId(),
                view.apiBaseUrl(),
                view.secretSet(),
                view.tokenSet(),
                view.encodingAesKeySet(),
                view.archiveFeedUrl(),
                callbackUrl,
                view.updatedAt(),
                view.lastCheck());
    }
}
