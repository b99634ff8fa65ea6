/**
 * The tiny kernel every module may use: the call context (which tenant and which caller a unit of work runs
 * for), the tenant-aware database wiring (embedded PostgreSQL by default, row-level security switched per
 * transaction), the clock, and RFC 9457 problem details. It owns the {@code shared} schema's helper functions
 * ({@code shared.current_tenant()}, {@code shared.current_account()}) that every module's row-level security
 * policies call. It holds no business rules.
 */
@ApplicationModule(displayName = "Shared kernel", type = ApplicationModule.Type.OPEN)
@NullMarked
package io.moat.shared;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
