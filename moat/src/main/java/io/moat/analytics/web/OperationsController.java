package io.moat.analytics.web;

import io.moat.analytics.internal.OperationsFigures;
import io.moat.shared.Problem;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The overview's operations figures for a period of workspace days ({@code to} exclusive, as the workspace figures). */
@RestController
@RequestMapping("/api/v1/workspaces/{slug}/analytics")
class OperationsController {

    private final OperationsFigures figures;

    OperationsController(OperationsFigures figures) {
        this.figures = figures;
    }

    @GetMapping("/operations")
    @RequiresPermission(Permission.ANALYTICS_READ)
    OperationsFigures.Figures operations(
            CurrentWorkspace workspace,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        if (!to.isAfter(from) || ChronoUnit.DAYS.between(from, to) > 366) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-period",
                    "'to' must be after 'from' and the period at most 366 days.",
                    "to");
        }
        return figures.of(workspace.tenant(), workspace.timezone(), from, to);
    }
}
