package io.moat.wecom.client;

/** WeCom refused a call (errcode ≠ 0) after any retries, or could not be reached. */
public final class WecomApiException extends RuntimeException {

    private final int errcode;
    private final String api;

    public WecomApiException(String api, int errcode, String message, Throwable cause) {
        super(api + " failed with errcode " + errcode + ": " + message, cause);
        this.errcode = errcode;
        this.api = api;
    }

    public int errcode() {
        return errcode;
    }

    public String api() {
        return api;
    }
}
