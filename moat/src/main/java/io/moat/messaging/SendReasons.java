package io.moat.messaging;

/** Why a send was skipped or failed: the values of the send log's {@code reason}. */
public final class SendReasons {

    private SendReasons() {}

    /** Skipped: the customer opted out of marketing. */
    public static final String OPTED_OUT = "opted_out";
    /** Skipped: the customer's (or group's) WeCom receive quota for the month is used up for this priority. */
    public static final String QUOTA = "quota";
    /** Skipped: the brand's own cap per customer per day or week is reached. */
    public static final String BRAND_CAP = "brand_cap";
    /** Skipped: quiet hours would have held the send past its hold limit. */
    public static final String QUIET_HOURS_EXPIRED = "quiet_hours_expired";
    /** Skipped: no staff member follows the customer (any more), or the group is gone. */
    public static final String NOT_A_FRIEND = "not_a_friend";
    /** Skipped: WeCom itself found the receive cap reached when the staff member confirmed (result status 3). */
    public static final String WECOM_RECEIVE_CAP = "wecom_receive_cap";
    /** Failed: no staff member confirmed the task before its deadline, and nobody else could take it. */
    public static final String UNCONFIRMED = "unconfirmed";
    /** Failed: the member confirmed, but WeCom reports the message as not sent. */
    public static final String NOT_SENT = "not_sent";
    /** Failed: the welcome code had expired or was used (41050/41051). */
    public static final String WELCOME_CODE_EXPIRED = "welcome_code_expired";
    /** Failed: the workspace has no WeCom configuration. */
    public static final String WECOM_NOT_CONFIGURED = "wecom_not_configured";
    /**
     * Failed: WeCom answered -1 (busy) or could not be reached on every attempt to create the task, and its list of
     * the sender's mass messages shows no such task.
     */
    public static final String WECOM_BUSY = "wecom_busy";

    /** Skipped: WeCom gave the add no welcome code (the admin console's welcome applies, or they had chatted). */
    public static final String NO_WELCOME_CODE = "no_welcome_code";
    /** Skipped: the add came through a channel code that had been deleted. */
    public static final String CHANNEL_DELETED = "channel_deleted";
    /** Failed: the welcome was not sent before WeCom answered (a network fault), or Moat stopped while sending. */
    public static final String WELCOME_NOT_SENT = "welcome_not_sent";

    /** Failed: WeCom refused the call with this errcode. */
    public static String wecomRefused(int errcode) {
        return "wecom_" + errcode;
    }
}
