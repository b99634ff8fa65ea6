package io.moat.bench.ingest;

/** One way of loading B3's rows, then upserting the per-customer profile from them. */
interface Peer {

    String name();

    /** Empties what the peer writes. Not measured. */
    void reset() throws Exception;

    /** Loads every row of {@code data} in one transaction. */
    void load(B3Data data) throws Exception;

    /** Upserts one profile row per customer (orders, money spent, last order) from the rows loaded. */
    void profile() throws Exception;

    /** What the peer ended with, to check every peer against the others. */
    Cardinality cardinality() throws Exception;

    record Cardinality(long orders, long lines, long profiles, long spentFen) {}
}
