package io.moat.wecomsim.commerce;

/** Taobao trade states (taobao.trades.sold.get codes) with the text the seller-centre export writes. */
public enum OrderState {
    WAIT_BUYER_PAY("等待买家付款", false),
    WAIT_SELLER_SEND_GOODS("买家已付款，等待卖家发货", true),
    WAIT_BUYER_CONFIRM_GOODS("卖家已发货，等待买家确认", true),
    TRADE_FINISHED("交易成功", true),
    TRADE_CLOSED("交易关闭", false);

    private final String text;
    private final boolean paid;

    OrderState(String text, boolean paid) {
        this.text = text;
        this.paid = paid;
    }

    public String text() {
        return text;
    }

    public boolean paid() {
        return paid;
    }

    public boolean shipped() {
        return this == WAIT_BUYER_CONFIRM_GOODS || this == TRADE_FINISHED;
    }
}
