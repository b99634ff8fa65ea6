package io.moat.commerce.export;

/** A row that cannot be read as (part of) an order; the message names the column and what is wrong with it. */
public class RowRejected extends RuntimeException {

    public RowRejected(String column, String reason) {
        super(column + ": " + reason);
    }
}
