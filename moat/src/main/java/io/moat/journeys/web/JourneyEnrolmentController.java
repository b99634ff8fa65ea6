package io.moat.journeys.web;

import io.moat.customers.CustomerId;
import io.moat.journeys.internal.DirectEnrolment;
import io.moat.workspace.CurrentWorkspace;
import io.moat.workspace.Permission;
import io.moat.workspace.RequiresPermission;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Enrolling customers in journeys by hand, and API events that trigger journeys. */
@RestController
@Validated
@RequestMapping("/api/v1/workspaces/{slug}/journeys")
class JourneyEnrolmentController {

    private final DirectEnrolment enrolment;

    JourneyEnrolmentController(DirectEnrolment enrolment) {
        this.enrolment = enrolment;
    }

    record EnrolRequest(@NotEmpty @Size(max = 10_000) List<Long> customerIds) {}

    record ApiEventRequest(
            @NotBlank @Size(max = 64) String name,
            @Min(1) long customerId,
            @NotBlank @Size(max = 100) String eventId) {}

    @PostMapping("/{id}/enrolments")
    @RequiresPermission(Permission.JOURNEYS_WRITE)
    Map<String, Integer> enrol(
            CurrentWorkspace workspace, @PathVariable long id, @Valid @RequestBody EnrolRequest body) {
        var customers = body.customerIds().stream().map(CustomerId::new).toList();
        return Map.of("queued", enrolment.enrol(workspace.tenant(), id, customers));
    }

    @PostMapping("/events")
    @RequiresPermission(Permission.JOURNEYS_WRITE)
    Map<String, Integer> event(CurrentWorkspace workspace, @Valid @RequestBody ApiEventRequest body) {
        return Map.of(
                "queued",
                enrolment.apiEvent(workspace.tenant(), body.name(), new CustomerId(body.customerId()), body.eventId()));
    }
}
