package io.moat.customers.web;

import io.moat.customers.CustomerFigures;
import io.moat.customers.internal.OrderMatching;
import io.moat.shared.Problem;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The workspace figures of docs/metrics.md for a period of days in the workspace's time zone. */
@RestController
@RequestMapping("/api/v1/workspaces/{slug}/figures")
class FiguresController {

    private final CustomerFigures figures;
    private final OrderMatching matching;

    FiguresController(CustomerFigures figures, OrderMatching matching) {
        this.figures = figures;
        this.matching = matching;
    }

    /** Order to fan: per platform, the share of orders linked to a profile and to a WeCom fan. */
    @GetMapping("/order-matching")
    @RequiresPermission(Permission.COMMERCE_READ)
    List<OrderMatching.PlatformMatch> orderMatching(CurrentWorkspace workspace) {
        return matching.byPlatform(workspace.tenant());
    }

    @GetMapping
    @RequiresPermission(Permission.ANALYTICS_READ)
    CustomerFigures.Figures figures(
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

    /** Profiles by lifecycle stage and by loyalty type, now. */
    @GetMapping("/distribution")
    @RequiresPermission(Permission.ANALYTICS_READ)
    CustomerFigures.Distribution distribution(CurrentWorkspace workspace) {
        return figures.distribution(workspace.tenant());
    }

    @GetMapping("/ltv")
    @RequiresPermission(Permission.ANALYTICS_READ)
    List<CustomerFigures.Cohort> ltv(
            CurrentWorkspace workspace, @RequestParam YearMonth from, @RequestParam YearMonth to) {
        if (to.isBefore(from) || from.until(to, ChronoUnit.MONTHS) > 36) {
            throw new Problem(
                    HttpStatus.BAD_REQUEST,
                    "invalid-period",
                    "'to' must not be before 'from' and the range at most 36 months.",
                    "to");
        }
        return figures.ltvByAcquisitionMonth(workspace.tenant(), workspace.timezone(), from, to);
    }
}
