package io.moat.shared.schedule;

import io.moat.shared.TenantId;
import java.time.Instant;

/**
 * One claimed row of due work as its handler sees it.
 *
 * @param payload the JSON the row was scheduled with (as text)
 * @param attempts how many times the row has been claimed, this claim included
 * @param fence the fencing token of this claim; it changes whenever the row is claimed again
 * @param now the moment the worker treats as now for this run (its clock's, or the one a test passed to {@link
 *     DueWorkRunner#runDue}); handlers should use it rather than read a clock
 */
public record DueWork(
        TenantId tenant,
        long id,
        String kind,
        String key,
        String payload,
        Instant dueAt,
        int attempts,
        long fence,
        Instant now) {}
