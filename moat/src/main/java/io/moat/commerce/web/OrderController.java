package io.moat.commerce.web;

import io.moat.commerce.order.OrderIntake;
import io.moat.commerce.order.OrderPages;
import io.moat.commerce.order.RecordOrders;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/orders")
class OrderController {

    private final OrderIntake intake;
    private final OrderPages pages;

    OrderController(OrderIntake intake, OrderPages pages) {
        this.intake = intake;
        this.pages = pages;
    }

    @PostMapping
    @RequiresPermission(Permission.COMMERCE_WRITE)
    OrderIntake.Outcome record(CurrentWorkspace workspace, @RequestBody RecordOrders body) {
        return intake.record(workspace.tenant(), workspace.timezone(), body);
    }

    @GetMapping
    @RequiresPermission(Permission.COMMERCE_READ)
    OrderPages.OrderPage page(
            CurrentWorkspace workspace,
            @RequestParam(required = false) @Nullable Long after,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return pages.page(workspace.tenant(), workspace.can(Permission.CUSTOMERS_PII), after, limit);
    }
}
