package io.moat.commerce.order;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Rows in PostgreSQL's binary {@code COPY} format: a fixed header, per row the field count, then per field its length
 * ({@code -1} for null) and bytes in network order; {@code bigint} and {@code int} as 8 and 4 bytes, {@code text} as
 * UTF-8, {@code timestamptz} as microseconds since 2000-01-01 UTC. The server reads it without parsing text, which
 * is most of what a text {@code COPY} costs it. Text must hold no NUL (the row check rejects such rows first).
 */
final class BinaryCopy {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in seconds since 1970. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private final DataOutputStream out;

    BinaryCopy(OutputStream stream) throws IOException {
        this.out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16));
        out.write(SIGNATURE);
        out.writeInt(0); // flags: no OIDs
        out.writeInt(0); // no header extension
    }

    BinaryCopy row(int fields) throws IOException {
        out.writeShort(fields);
        return this;
    }

    BinaryCopy int8(long value) throws IOException {
        out.writeInt(8);
        out.writeLong(value);
        return this;
    }

    BinaryCopy int8(@Nullable Long value) throws IOException {
        return value == null ? none() : int8(value.longValue());
    }

    BinaryCopy int4(int value) throws IOException {
        out.writeInt(4);
        out.writeInt(value);
        return this;
    }

    BinaryCopy text(@Nullable String value) throws IOException {
        if (value == null) {
            return none();
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
        return this;
    }

    /** Cut to PostgreSQL's microseconds as {@link CopyText#stored} does, so the caller knows the value stored. */
    BinaryCopy time(@Nullable Instant value) throws IOException {
        if (value == null) {
            return none();
        }
        long micros = Math.multiplyExact(value.getEpochSecond() - POSTGRES_EPOCH_SECONDS, 1_000_000L)
                + value.getNano() / 1_000;
        return int8(micros);
    }

    BinaryCopy none() throws IOException {
        out.writeInt(-1);
        return this;
    }

    /** Writes the trailer and hands everything to the server; closing the stream ends the {@code COPY}. */
    void finish() throws IOException {
        out.writeShort(-1);
        out.close();
    }
}
