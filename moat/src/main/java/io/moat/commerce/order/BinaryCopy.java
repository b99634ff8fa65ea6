package io.moat.commerce.order;

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
 *
 * <p>Fields are encoded straight into one buffer, handed to the stream when it fills: no per-field stream call or
 * lock, and text that is all ASCII (order numbers, codes, ids, most SKUs) is copied char by char without an
 * intermediate byte array.
 */
final class BinaryCopy implements CopyRow {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in seconds since 1970. */
    private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;

    private static final int BUFFER = 1 << 16;

    private final OutputStream out;
    private byte[] buffer = new byte[BUFFER];
    private int used;

    BinaryCopy(OutputStream stream) throws IOException {
        this.out = stream;
        room(SIGNATURE.length + 8);
        System.arraycopy(SIGNATURE, 0, buffer, 0, SIGNATURE.length);
        used = SIGNATURE.length;
        putInt(0); // flags: no OIDs
        putInt(0); // no header extension
    }

    /** Starts a row of {@code fields} fields; hands the buffer to the stream first when it is full. */
    BinaryCopy row(int fields) throws IOException {
        if (used >= BUFFER) {
            drain();
        }
        room(2);
        buffer[used++] = (byte) (fields >>> 8);
        buffer[used++] = (byte) fields;
        return this;
    }

    @Override
    public BinaryCopy bigint(long value) throws IOException {
        room(12);
        putInt(8);
        putLong(value);
        return this;
    }

    @Override
    public BinaryCopy bigint(@Nullable Long value) throws IOException {
        return value == null ? none() : bigint(value.longValue());
    }

    @Override
    public BinaryCopy integer(int value) throws IOException {
        room(8);
        putInt(4);
        putInt(value);
        return this;
    }

    @Override
    public BinaryCopy text(@Nullable String value) throws IOException {
        if (value == null) {
            return none();
        }
        int length = value.length();
        room(4 + length);
        int start = used + 4;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                room(4 + bytes.length);
                putInt(bytes.length);
                System.arraycopy(bytes, 0, buffer, used, bytes.length);
                used += bytes.length;
                return this;
            }
            buffer[start + i] = (byte) c;
        }
        putInt(length);
        used += length;
        return this;
    }

    @Override
    public BinaryCopy time(@Nullable Instant value) throws IOException {
        if (value == null) {
            return none();
        }
        long micros = Math.multiplyExact(value.getEpochSecond() - POSTGRES_EPOCH_SECONDS, 1_000_000L)
                + value.getNano() / 1_000;
        return bigint(micros);
    }

    BinaryCopy none() throws IOException {
        room(4);
        putInt(-1);
        return this;
    }

    /** Writes the trailer and hands everything to the server; closing the stream ends the {@code COPY}. */
    void finish() throws IOException {
        room(2);
        buffer[used++] = (byte) 0xff;
        buffer[used++] = (byte) 0xff;
        drain();
        out.close();
    }

    /** Makes sure {@code bytes} more fit: grows the buffer for a field larger than it (rows are never split). */
    private void room(int bytes) {
        if (used + bytes > buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(2 * buffer.length, used + bytes));
        }
    }

    private void drain() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
        if (buffer.length > 4 * BUFFER) {
            buffer = new byte[BUFFER];
        }
    }

    private void putInt(int value) {
        buffer[used++] = (byte) (value >>> 24);
        buffer[used++] = (byte) (value >>> 16);
        buffer[used++] = (byte) (value >>> 8);
        buffer[used++] = (byte) value;
    }

    private void putLong(long value) {
        putInt((int) (value >>> 32));
        putInt((int) value);
    }
}
