package io.moat.wecomsim.api;

import java.util.Arrays;

/**
 * The errcodes the simulator answers, with the errmsg text WeCom uses (wecom-api.md §1, §3–§4, §10 and the
 * error-code digest it cites). Where the contract names no code, the simulator answers 40058.
 */
public enum ErrCode {
    SYSTEM_BUSY(-1, "system busy"),
    OK(0, "ok"),
    INVALID_CREDENTIAL(40001, "invalid credential"),
    INVALID_USERID(40003, "invalid userid"),
    INVALID_MSGTYPE(40008, "invalid message type"),
    INVALID_CORPID(40013, "invalid corpid"),
    INVALID_ACCESS_TOKEN(40014, "invalid access_token"),
    INVALID_PARAMETER(40058, "invalid Request Parameter"),
    INVALID_EXTERNAL_USERID(40096, "invalid external userid"),
    HANDOVER_NOT_RESIGNED(40097, "handover user has not resigned"),
    TRANSFER_IN_PROGRESS(40100, "external contact is already in transfer"),
    TAG_LIMIT(40126, "corp tag count reaches the limit"),
    TRANSFER_TOO_OFTEN(40128, "transfer too frequently"),
    TRANSFERRING(40129, "customer is being transferred"),
    SAME_HANDOVER_TAKEOVER(40130, "handover and takeover are the same user"),
    NOT_FOLLOWER(40131, "handover_userid is not a follow user of the external contact"),
    ACCESS_TOKEN_MISSING(41001, "access_token missing"),
    CORPID_MISSING(41002, "corpid missing"),
    CORPSECRET_MISSING(41004, "corpsecret missing"),
    MSGID_MISSING(41046, "missing msgid"),
    INVALID_MSGID(41047, "invalid msgid"),
    NO_CUSTOMER_TO_SEND(41048, "no external contact to send"),
    INVALID_WELCOME_CODE(41050, "invalid welcome_code"),
    ALREADY_CHATTING(41051, "externaluser has started chatting"),
    USER_NOT_ACTIVE(41054, "user not active"),
    GROUP_WELCOME_LIMIT(41055, "group welcome template count reaches the limit"),
    MOMENT_ID_MISSING(41059, "missing moment_id"),
    INVALID_MOMENT_ID(41060, "invalid moment_id"),
    MOMENT_NOT_PUBLISHED_BY_USER(41062, "moment not published by this user"),
    ACCESS_TOKEN_EXPIRED(42001, "access_token expired"),
    FREQ_OUT_OF_LIMIT(45009, "api freq out of limit"),
    CONCURRENT_LIMIT(45033, "api concurrent out of limit"),
    CONCURRENT_CONFLICT(45035, "concurrent operation conflict"),
    NO_PERMISSION(48002, "api forbidden"),
    INVALID_DEPARTMENT(60123, "invalid party id"),
    USERID_NOT_FOUND(60111, "userid not found"),
    TOO_MANY_REQUESTED(81017, "request count exceeds the limit"),
    NOT_EXTERNAL_CONTACT(84061, "not external contact"),
    OWNER_NOT_RESIGNED(90500, "group owner has not resigned"),
    NOT_CUSTOMER_GROUP(90501, "not a customer group"),
    OWNER_RESIGNED(90502, "group owner has resigned"),
    OWNER_UNCHANGED(90504, "group owner is unchanged"),
    GROUP_INHERITING(90507, "resigned group is being inherited"),
    GROUP_INHERITED(90508, "resigned group has been inherited");

    private final int code;
    private final String text;

    ErrCode(int code, String text) {
        this.code = code;
        this.text = text;
    }

    public int code() {
        return code;
    }

    public String text() {
        return text;
    }

    /** The text for any code a test scripts; codes the catalogue lacks get a generic text. */
    public static String textOf(int code) {
        return Arrays.stream(values())
                .filter(e -> e.code == code)
                .map(ErrCode::text)
                .findFirst()
                .orElse("error");
    }
}
