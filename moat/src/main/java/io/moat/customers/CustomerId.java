package io.moat.customers;

/** A customer profile within its workspace. */
public record CustomerId(long value) {}
