package io.moat.commerce;

import org.jspecify.annotations.Nullable;

/** One line of an order as conditions see it: its SKU and, when the SKU is a known product, category and role. */
public record OrderItem(
        long orderId,
        @Nullable String sku,
        @Nullable String category,
        @Nullable String role) {}
