package io.moat.customers;

import io.moat.shared.TenantId;

/** A person undid a merge: {@code merged} is its own profile again, with what it brought back from {@code survivor}. */
public record CustomersUnmerged(TenantId tenant, CustomerId survivor, CustomerId merged, long mergeId) {}
