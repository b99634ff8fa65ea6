package io.moat.customers.web;

import io.moat.customers.internal.ClaimLinks;
import io.moat.customers.internal.OrderClaims;
import io.moat.shared.Problem;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Order claims: staff issue a customer's link; the customer, without signing in, claims an order with it. */
@RestController
class ClaimController {

    private final ClaimLinks links;
    private final OrderClaims claims;

    ClaimController(ClaimLinks links, OrderClaims claims) {
        this.links = links;
        this.claims = claims;
    }

    record ClaimLinkResponse(String token, String url, Instant expiresAt) {}

    record ClaimInfoResponse(Instant expiresAt) {}

    record ClaimRequest(
            @NotBlank @Size(max = 64) String orderNo,

            @Nullable @Pattern(regexp = "\\d{4}", message = "must be the last four digits of the phone")
            String phoneTail) {}

    @PostMapping("/api/v1/workspaces/{slug}/customers/{id}/claim-link")
    @RequiresPermission(Permission.CUSTOMERS_WRITE)
    ClaimLinkResponse issue(CurrentWorkspace workspace, @PathVariable long id) {
        String token = links.issue(workspace.tenant(), id);
        var claimant = links.verify(token).orElseThrow();
        String url = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/m/claim/{token}")
                .buildAndExpand(token)
                .toUriString();
        return new ClaimLinkResponse(token, url, claimant.expiresAt());
    }

    @GetMapping("/api/v1/public/claims/{token}")
    ClaimInfoResponse info(@PathVariable String token) {
        return new ClaimInfoResponse(claims.opened(token).expiresAt());
    }

    @PostMapping("/api/v1/public/claims/{token}")
    OrderClaims.Claimed claim(@PathVariable String token, @Valid @RequestBody ClaimRequest body) {
        if (body.orderNo().isBlank()) {
            throw new Problem(HttpStatus.BAD_REQUEST, "invalid-request", "Enter the order number.", "orderNo");
        }
        return claims.claim(token, body.orderNo(), body.phoneTail());
    }
}
