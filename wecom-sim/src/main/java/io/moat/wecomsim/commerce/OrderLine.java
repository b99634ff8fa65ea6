package io.moat.wecomsim.commerce;

/** One item of an order; prices in fen. */
public record OrderLine(String title, String sku, int quantity, long priceFen) {

    public long amountFen() {
        return priceFen * quantity;
    }
}
