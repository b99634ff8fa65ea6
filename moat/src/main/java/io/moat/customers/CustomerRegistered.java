package io.moat.customers;

import io.moat.shared.TenantId;

/**
 * A new profile exists, with its dense number for audience bitmaps and where it came from. Published for a profile
 * created on its own (a WeCom contact, a claim); the profiles that order linking creates for a whole batch of orders
 * are announced together by the {@link CustomerFactsChanged} of their values, in the same transaction, since one
 * event (and one audience refresh) per buyer of a 200k-order import would cost more than the import itself.
 */
public record CustomerRegistered(TenantId tenant, CustomerId customer, int number, String source) {}
