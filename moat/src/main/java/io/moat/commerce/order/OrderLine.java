package io.moat.commerce.order;

import org.jspecify.annotations.Nullable;

/** One item of an order: what, how many, and for how much in fen. */
public record OrderLine(
        @Nullable String sku,
        String title,
        int quantity,
        @Nullable Long unitPriceFen,
        long amountFen) {}
