package io.moat.commerce.order;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * Rows in PostgreSQL's {@code COPY … (format text)}: fields separated by tabs, {@code \N} for null, backslash,
 * tab, newline and carriage return escaped. Text must hold no NUL, which PostgreSQL cannot store; the row check
 * rejects such rows before they get here. Buffers and hands full chunks to the writer.
 */
final class CopyText implements CopyRow {

    private static final int CHUNK = 1 << 16;

    private final Writer out;
    private final StringBuilder row = new StringBuilder(CHUNK + 4096);
    private boolean rowStarted;

    CopyText(Writer out) {
        this.out = out;
    }

    @Override
    public CopyText text(@Nullable String value) {
        separate();
        if (value == null) {
            row.append("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> row.append("\\\\");
                case '\t' -> row.append("\\t");
                case '\n' -> row.append("\\n");
                case '\r' -> row.append("\\r");
                default -> row.append(c);
            }
        }
        return this;
    }

    @Override
    public CopyText bigint(@Nullable Long value) {
        separate();
        row.append(value == null ? "\\N" : value.toString());
        return this;
    }

    @Override
    public CopyText bigint(long value) {
        separate();
        row.append(value);
        return this;
    }

    @Override
    public CopyText integer(int value) {
        separate();
        row.append(value);
        return this;
    }

    /**
     * ISO 8601 in UTC ({@code 2026-01-01T08:00:00Z}), which {@code timestamptz} reads whatever the session zone, cut
     * to PostgreSQL's microseconds the way {@link #stored} does, so the caller knows the exact value stored.
     */
    @Override
    public CopyText time(@Nullable Instant value) {
        separate();
        row.append(value == null ? "\\N" : stored(value).toString());
        return this;
    }

    /** An instant as a {@code timestamptz} written by {@link #time} holds it. */
    static Instant stored(Instant value) {
        return value.truncatedTo(ChronoUnit.MICROS);
    }

    void endRow() throws IOException {
        row.append('\n');
        rowStarted = false;
        if (row.length() >= CHUNK) {
            flush();
        }
    }

    void flush() throws IOException {
        out.append(row);
        row.setLength(0);
    }

    private void separate() {
        if (rowStarted) {
            row.append('\t');
        }
        rowStarted = true;
    }
}
