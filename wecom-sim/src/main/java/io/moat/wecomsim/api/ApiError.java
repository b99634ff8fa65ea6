package io.moat.wecomsim.api;

/**
 * A business error: the call answers HTTP 200 with this errcode. The detail says what the simulator objected to;
 * it goes to the log and the api-calls record, while errmsg keeps WeCom's wording.
 */
public final class ApiError extends RuntimeException {

    private final int errcode;

    public ApiError(ErrCode code, String detail) {
        this(code.code(), detail);
    }

    public ApiError(int errcode, String detail) {
        super(detail, null, false, false);
        this.errcode = errcode;
    }

    public static ApiError invalid(String detail) {
        return new ApiError(ErrCode.INVALID_PARAMETER, detail);
    }

    public int errcode() {
        return errcode;
    }

    public String detail() {
        return getMessage();
    }
}
