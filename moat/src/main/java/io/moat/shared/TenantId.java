package io.moat.shared;

/** A workspace (one brand) as the database sees it: the first key column of every workspace table. */
public record TenantId(long value) {

    public TenantId {
        if (value <= 0) {
            throw new IllegalArgumentException("tenant id must be positive, was " + value);
        }
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
