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
    ACCESS_TOKEN_MISSING(41001, "access_token missing"),
    CORPID_MISSING(41002, "corpid missing"),
    CORPSECRET_MISSING(41004, "corpsecret missing"),
    INVALID_WELCOME_CODE(41050, "invalid welcome_code"),
    ALREADY_CHATTING(41051, "externaluser has started chatting"),
    USER_NOT_ACTIVE(41054, "user not active"),
    ACCESS_TOKEN_EXPIRED(42001, "access_token expired"),
    FREQ_OUT_OF_LIMIT(45009, "api freq out of limit"),
    CONCURRENT_LIMIT(45033, "api concurrent out of limit"),
    CONCURRENT_CONFLICT(45035, "concurrent operation conflict"),
    NO_PERMISSION(48002, "api forbidden"),
    INVALID_DEPARTMENT(60123, "invalid party id"),
    USERID_NOT_FOUND(60111, "userid not found"),
    NOT_EXTERNAL_CONTACT(84061, "not external contact");

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
