package io.moat.customers;

import io.moat.shared.TenantId;

/** Two profiles proved to be one person: {@code merged} now points to {@code survivor}. */
public record CustomersMerged(TenantId tenant, CustomerId survivor, CustomerId merged, String reason) {}
