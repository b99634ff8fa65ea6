package io.moat.wecom.callback;

/** A callback request Moat refuses, with the reason logged and answered as a 4xx. */
public final class CallbackRejected extends RuntimeException {

    /** Why a callback was refused; each maps to a stable problem code. */
    public enum Reason {
        MISSING_PARAMETER,
        BAD_SIGNATURE,
        STALE_TIMESTAMP,
        MALFORMED_CIPHERTEXT,
        BAD_PADDING,
        BAD_LENGTH,
        WRONG_CORP,
        MALFORMED_XML,
        UNKNOWN_WORKSPACE,
        NOT_CONFIGURED;

        public String code() {
            return "callback-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final Reason reason;

    public CallbackRejected(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
