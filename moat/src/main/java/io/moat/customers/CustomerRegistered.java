package io.moat.customers;

import io.moat.shared.TenantId;

/**
 * A new profile exists, with its dense number for audience bitmaps and where it came from. Published for a profile
 * created on its own (a WeCom contact, a claim); the profiles that order linking creates for a whole batch of orders,
 * and those a full WeCom sync creates for a page of contacts, are announced together by the batch's
 * {@link CustomerFactsChanged}, in the same transaction, since one event (and one audience refresh) per buyer of a
 * 200k-order import or per contact of a 50k-customer sync would cost more than the import or sync itself.
 */
public record CustomerRegistered(TenantId tenant, CustomerId customer, int number, String source) {}
