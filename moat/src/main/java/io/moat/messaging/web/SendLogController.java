package io.moat.messaging.web;

import io.moat.messaging.SendBroker;
import io.moat.messaging.SendCount;
import io.moat.messaging.SendSearch;
import io.moat.messaging.SendState;
import io.moat.messaging.SendView;
import io.moat.shared.Problem;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The send log: search per customer, state, reason, journey or step (newest first, paged by id), and per-journey counts. */
@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}")
class SendLogController {

    private final SendBroker broker;

    SendLogController(SendBroker broker) {
        this.broker = broker;
    }

    /** One page; pass the last id seen as {@code before} for the next. */
    record SendPage(List<SendView> sends, @Nullable Long next) {}

    @GetMapping("/sends")
    @RequiresPermission(Permission.MESSAGING_READ)
    SendPage search(
            CurrentWorkspace workspace,
            @RequestParam(required = false) @Nullable Long customerId,
            @RequestParam(required = false) @Nullable String state,
            @RequestParam(required = false) @Nullable String reason,
            @RequestParam(required = false) @Nullable String journeyId,
            @RequestParam(required = false) @Nullable String stepId,
            @RequestParam(required = false) @Nullable Long before,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        List<SendView> sends = broker.search(new SendSearch(
                customerId,
                state(state),
                blankToNull(reason),
                blankToNull(journeyId),
                blankToNull(stepId),
                before,
                limit));
        return new SendPage(
                sends, sends.size() == limit ? sends.get(sends.size() - 1).id() : null);
    }

    @GetMapping("/sends/{id}")
    @RequiresPermission(Permission.MESSAGING_READ)
    SendView one(CurrentWorkspace workspace, @PathVariable long id) {
        return broker.find(id)
                .orElseThrow(() -> new Problem(HttpStatus.NOT_FOUND, "send-not-found", "No send " + id + ".", "id"));
    }

    @GetMapping("/sends/journeys/{journeyId}/counts")
    @RequiresPermission(Permission.MESSAGING_READ)
    List<SendCount> journeyCounts(CurrentWorkspace workspace, @PathVariable String journeyId) {
        return broker.journeyCounts(journeyId);
    }

    private static @Nullable SendState state(@Nullable String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return SendState.valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "send-state-unknown",
                    "state must be one of pending, held, queued, tasked, sent, skipped, failed.",
                    "state");
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
