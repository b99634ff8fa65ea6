package io.moat.commerce.order;

import java.io.IOException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One row of a {@code COPY}, field by field, whatever the format: {@link BinaryCopy} (straight into the tables) and
 * {@link CopyText} (into the staging tables) both take it, so {@link OrderFields} lists an order's columns once for
 * both.
 */
interface CopyRow {

    CopyRow text(@Nullable String value) throws IOException;

    CopyRow bigint(long value) throws IOException;

    CopyRow bigint(@Nullable Long value) throws IOException;

    CopyRow integer(int value) throws IOException;

    /** Cut to PostgreSQL's microseconds as {@link CopyText#stored} does, so the caller knows the value stored. */
    CopyRow time(@Nullable Instant value) throws IOException;
}
