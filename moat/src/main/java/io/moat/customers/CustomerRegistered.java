package io.moat.customers;

import io.moat.shared.TenantId;

/** A new profile exists, with its dense number for audience bitmaps and where it came from. */
public record CustomerRegistered(TenantId tenant, CustomerId customer, int number, String source) {}
